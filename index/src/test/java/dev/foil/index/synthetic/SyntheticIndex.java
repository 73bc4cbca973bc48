package dev.foil.index.synthetic;

import dev.foil.index.ProgressListener;
import dev.foil.index.lucene.Bm25Indexer;
import java.io.IOException;
import java.nio.file.Path;

/** A synthetic collection with its BM25 index on disk, for the tests of every module that need a real Lucene index. */
public final class SyntheticIndex {
  private SyntheticIndex() {}

  /** Writes the collection to {@code dir} and its index to {@code dir/index}; returns {@code dir}. */
  public static Path write(Path dir, SyntheticCollection.Parameters parameters) throws IOException {
    SyntheticCollection.write(parameters, dir, false);
    Bm25Indexer.anseriniDefaults().build(dir.resolve("corpus.jsonl"), dir.resolve("index"), false,
        ProgressListener.NONE);
    return dir;
  }
}
