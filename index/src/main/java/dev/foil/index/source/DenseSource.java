package dev.foil.index.source;

import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.vector.VectorBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An embedding store built by {@code foil encode}, searched through a vector index built when opened.
 *
 * @param store the store directory
 * @param queryModel encode queries with this model name or directory instead of the store's own, or {@code null}
 * @param backend the vector index, or {@code null} for {@link VectorBackend#preferred()}
 * @param faissFactory FAISS {@code index_factory} description, e.g. {@code Flat} or {@code IVF256,Flat}
 * @param hnswM Lucene HNSW connections per node
 * @param efConstruction HNSW build beam
 * @param efSearch HNSW search beam
 * @param nprobe IVF lists visited per query
 */
public record DenseSource(Path store, String queryModel, VectorBackend backend, String faissFactory, int hnswM,
    int efConstruction, int efSearch, int nprobe) implements SourceSpec {
  public static final String NAME = "dense";

  public DenseSource {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(faissFactory, "faissFactory");
    // Validated now, not when opened (a compact constructor sees its parameters, not yet its fields).
    new VectorBackend.Settings(faissFactory, hnswM, efConstruction, efSearch, nprobe, 1);
  }

  /** The store with its own query encoder, the preferred backend and {@link VectorBackend.Settings#defaults()}. */
  public static DenseSource of(Path store) {
    VectorBackend.Settings d = VectorBackend.Settings.defaults();
    return new DenseSource(store, null, null, d.faissFactory(), d.m(), d.efConstruction(), d.efSearch(), d.nprobe());
  }

  /** This source with queries encoded by {@code model} (a name or a directory) instead. */
  public DenseSource withQueryModel(String model) {
    return new DenseSource(store, model, backend, faissFactory, hnswM, efConstruction, efSearch, nprobe);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The backend that will serve: the one given, else FAISS when its native library loaded, else exact. */
  public VectorBackend resolvedBackend() {
    return backend == null ? VectorBackend.preferred() : backend;
  }

  /** The vector index settings with {@code threads}. */
  public VectorBackend.Settings settings(int threads) {
    return new VectorBackend.Settings(faissFactory, hnswM, efConstruction, efSearch, nprobe, threads);
  }

  @Override
  public DenseCandidateSource open(int threads) throws IOException {
    return DenseCandidateSource.open(store, queryModel, resolvedBackend(), settings(threads), threads);
  }
}
