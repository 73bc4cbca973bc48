package dev.foil.index.vector;

import dev.foil.index.ThreadBudget;
import dev.foil.index.vector.faiss.FaissGpu;
import dev.foil.index.vector.faiss.FaissIndex;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which vector index serves dense search: the one place where the backend is chosen. The default is
 * FAISS when its native library loaded, else the exact Java index; either way one log line says which
 * and why.
 */
public enum VectorBackend {
  /** FAISS through JavaCPP: any {@code index_factory} description, {@code Flat} by default. */
  FAISS,
  /** Lucene's HNSW graph, pure Java. */
  HNSW,
  /** Brute force in Java: exact, the reference. */
  EXACT;

  private static final Logger LOG = LoggerFactory.getLogger(VectorBackend.class);

  /**
   * Settings of the vector indexes.
   *
   * @param faissFactory FAISS {@code index_factory} description, e.g. {@code Flat} or {@code HNSW32,Flat}
   * @param m HNSW connections per node (Lucene's maxConn; FAISS takes M from the description)
   * @param efConstruction HNSW candidates explored while building
   * @param efSearch HNSW candidates explored per query
   * @param nprobe IVF lists visited per query
   * @param threads threads for building and searching
   */
  public record Settings(String faissFactory, int m, int efConstruction, int efSearch, int nprobe, int threads) {
    /** FAISS {@code Flat}; HNSW m=16, efConstruction=100, efSearch=128; nprobe 16; {@link ThreadBudget#threads()}. */
    public static Settings defaults() {
      return new Settings("Flat", 16, 100, 128, 16, ThreadBudget.threads());
    }

    public Settings {
      if (m < 2 || efConstruction < 1 || efSearch < 1 || nprobe < 1 || threads < 1) {
        throw new IllegalArgumentException("illegal vector index settings: m=" + m + ", efConstruction="
            + efConstruction + ", efSearch=" + efSearch + ", nprobe=" + nprobe + ", threads=" + threads);
      }
    }
  }

  /** Parses {@code faiss}, {@code hnsw} or {@code exact}. */
  public static VectorBackend parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown backend \"" + name + "\": use faiss, hnsw or exact");
    }
  }

  /** FAISS when its native library loaded, else the exact Java index. */
  public static VectorBackend preferred() {
    return FaissIndex.available() ? FAISS : EXACT;
  }

  /**
   * Builds this backend's index over {@code matrix} and logs which backend serves.
   *
   * @throws IllegalStateException for {@link #FAISS} when the native library is not available
   */
  public VectorIndex build(float[] matrix, int dimension, Settings s) throws IOException {
    long t0 = System.nanoTime();
    VectorIndex index = switch (this) {
      case FAISS -> {
        FaissIndex f = FaissIndex.build(s.faissFactory(), matrix, dimension, s.threads(),
            s.faissFactory().startsWith("HNSW") ? s.efConstruction() : 0);
        if (s.faissFactory().startsWith("HNSW")) {
          f.set("efSearch", s.efSearch());
        } else if (s.faissFactory().startsWith("IVF")) {
          f.set("nprobe", s.nprobe());
        }
        // The one place a GPU is chosen: whenever the GPU binding is built and a device is present.
        if (FaissGpu.available() && FaissGpu.supports(s.faissFactory())) {
          try (FaissIndex cpu = f) {
            f = FaissGpu.toGpu(cpu, 0);
          }
        }
        yield f;
      }
      case HNSW -> LuceneHnswIndex.build(matrix, dimension, s.m(), s.efConstruction(), s.efSearch(), s.threads());
      case EXACT -> new ExactVectorIndex(matrix, dimension, s.threads());
    };
    String why = switch (this) {
      case FAISS -> "native library loaded; GPU: "
          + (FaissGpu.available() ? "yes" : "no (" + FaissGpu.unavailableReason() + ")");
      case EXACT -> FaissIndex.available() ? "chosen" : "FAISS unavailable: " + FaissIndex.unavailableReason();
      case HNSW -> "chosen";
    };
    LOG.info("dense backend: {} over {} vectors, built in {} ms ({})", index.description(), index.size(),
        (System.nanoTime() - t0) / 1_000_000, why);
    return index;
  }
}
