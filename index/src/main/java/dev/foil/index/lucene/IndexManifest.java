package dev.foil.index.lucene;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a Foil BM25 index was built from and how, stored as {@code foil-index.json} beside the Lucene
 * files so that searches, manifests and caches can tell indexes apart.
 *
 * @param format layout version of the index directory
 * @param corpus the corpus file as given at build time
 * @param corpusSha256 SHA-256 of the corpus file's bytes
 * @param documents number of documents
 * @param totalTerms number of indexed term occurrences in {@code contents}
 * @param analysis the analysis chain, as {@link TextAnalysis#toString()}
 * @param stemmer the stemmer of the analysis chain
 * @param stopwords whether stop words were removed
 * @param k1 default BM25 k1 for searches
 * @param b default BM25 b for searches
 * @param luceneVersion the Lucene version that wrote the index
 */
public record IndexManifest(
    int format,
    String corpus,
    String corpusSha256,
    int documents,
    long totalTerms,
    String analysis,
    String stemmer,
    boolean stopwords,
    double k1,
    double b,
    String luceneVersion) {

  /** File name inside the index directory. */
  public static final String FILE = "foil-index.json";

  /** The kind of output directory an index is (its manifest is the pre-marker signature). */
  public static final StagingDirectory.Kind KIND = new StagingDirectory.Kind("bm25-index", FILE);

  /** Current layout version. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The analysis chain this index was built with. */
  public TextAnalysis textAnalysis() {
    return new TextAnalysis(stemmer, stopwords);
  }

  /** The default BM25 parameters recorded at build time. */
  public Bm25Parameters bm25() {
    return new Bm25Parameters(k1, b);
  }

  void write(Path indexDir) throws IOException {
    AtomicFile.writeBytes(indexDir.resolve(FILE), os -> JSON.writeValue(os, this));
  }

  /**
   * Reads the manifest of the index at {@code indexDir}.
   *
   * @throws InputFormatException if the directory is not a Foil index or was written by another format
   */
  public static IndexManifest read(Path indexDir) throws IOException {
    Path file = indexDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InputFormatException(
          indexDir, 0, null, "not a Foil index (no " + FILE + "); build one with `foil index`");
    }
    IndexManifest m;
    try {
      m = JSON.readValue(file.toFile(), IndexManifest.class);
    } catch (IOException e) {
      throw new InputFormatException(file, 0, null, "unreadable index manifest: " + e.getMessage());
    }
    if (m.format() != FORMAT) {
      throw new InputFormatException(
          file, 0, "format", "index format " + m.format() + " is not " + FORMAT + "; rebuild the index");
    }
    return m;
  }
}
