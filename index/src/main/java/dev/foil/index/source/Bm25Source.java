package dev.foil.index.source;

import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.Bm25Parameters;
import dev.foil.index.lucene.IndexManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A BM25 index built by {@code foil index}, searched with the index's own k1 and b unless overridden.
 *
 * @param index the index directory
 * @param k1 BM25 k1, or {@code null} for the index's
 * @param b BM25 b, or {@code null} for the index's
 */
public record Bm25Source(Path index, Double k1, Double b) implements SourceSpec {
  public static final String NAME = "bm25";

  public Bm25Source {
    Objects.requireNonNull(index, "index");
  }

  /** The index with its own parameters. */
  public static Bm25Source of(Path index) {
    return new Bm25Source(index, null, null);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Bm25Index open(int threads) throws IOException {
    Bm25Parameters defaults = IndexManifest.read(index).bm25();
    return Bm25Index.open(index, new Bm25Parameters(k1 == null ? defaults.k1() : k1, b == null ? defaults.b() : b));
  }
}
