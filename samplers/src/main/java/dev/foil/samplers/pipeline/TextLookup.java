package dev.foil.samplers.pipeline;

import dev.foil.index.data.CorpusReader;
import dev.foil.index.data.Document;
import dev.foil.index.lucene.Bm25Index;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Document text by corpus ordinal, for duplicate removal and for writing training files. */
@FunctionalInterface
public interface TextLookup {
  Document document(int ordinal);

  /** Texts from a BM25 index's stored fields (on disk). */
  static TextLookup of(Bm25Index index) {
    return ord -> {
      try {
        return index.document(ord);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** Texts read from a corpus file into memory, for corpora small enough. */
  static TextLookup inMemory(Path corpus) throws IOException {
    List<Document> docs = new ArrayList<>();
    try (CorpusReader r = CorpusReader.open(corpus)) {
      Document d;
      while ((d = r.next()) != null) {
        docs.add(d);
      }
    }
    return docs::get;
  }
}
