package dev.foil.index.vector.faiss;

import dev.foil.index.ThreadBudget;
import dev.foil.index.vector.VectorIndex;
import java.nio.file.Path;

/**
 * A FAISS index built from any {@code index_factory} description ({@code Flat}, {@code HNSW32,Flat},
 * {@code IVF256,Flat}, …) with the inner-product metric. Search is batched: all queries go to FAISS in
 * one call, which for {@code Flat} becomes one BLAS sgemm per block and for the others is spread over
 * OpenMP threads. Errors from FAISS become {@link FaissException}s naming the operation.
 *
 * <p>Threads: with the OpenMP build of OpenBLAS (linked when installed), BLAS and FAISS's loops share
 * one OpenMP pool and both get {@code threads}. With the pthreads build each starts its own threads,
 * and on flat indexes (whose search time is inside sgemm) they contend: a 100k × 384 search took
 * 0.92 s instead of 0.41 s. There FAISS's OpenMP part runs on one thread and BLAS gets
 * {@code threads} (see docs/DENSE.md).
 *
 * <p>Searching is thread-safe; changing parameters while another thread searches is not.
 */
public final class FaissIndex implements VectorIndex {
  static {
    ThreadBudget.waitPassively(); // before the binding loads libgomp, which reads the policy once
  }

  private static final String UNAVAILABLE = probe();
  /** Whether the loaded OpenBLAS runs on OpenMP, sharing FAISS's thread pool (2 = OpenMP). */
  private static final boolean BLAS_ON_OPENMP = UNAVAILABLE == null && FaissNative.blas_parallelism() == 2;

  static {
    if (UNAVAILABLE == null) {
      // Flat search of fewer than 20 queries (FAISS's default) loops over the vectors in FAISS's own code,
      // which Debian builds without AVX2: one query over 5,183 × 384 vectors took 0.81 ms there, against
      // OpenBLAS's sgemm, which picks its kernel for the CPU it runs on. Every flat search goes to BLAS.
      FaissNative.set_blas_threshold(1);
    }
  }

  private final String factory;
  private final int dimension;
  private final int threads;
  private String settings = "";
  private FaissNative.Index index;

  private FaissIndex(FaissNative.Index index, String factory, int dimension, int threads) {
    this.index = index;
    this.factory = factory;
    this.dimension = dimension;
    this.threads = threads;
  }

  private static String probe() {
    try {
      Class.forName(FaissNative.class.getName(), true, FaissIndex.class.getClassLoader());
      return null;
    } catch (Throwable t) {
      Throwable root = t;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
  }

  /** Whether the native binding loaded (it is compiled only where {@code libfaiss} was found at build time). */
  public static boolean available() {
    return UNAVAILABLE == null;
  }

  /** How the BLAS that FAISS calls runs in parallel: {@code openmp}, {@code pthreads} or {@code sequential}. */
  public static String blasThreading() {
    if (UNAVAILABLE != null) {
      return "unavailable";
    }
    return switch (FaissNative.blas_parallelism()) {
      case 2 -> "openmp";
      case 1 -> "pthreads";
      default -> "sequential";
    };
  }

  /** Why FAISS cannot be used, or {@code null} when it can. */
  public static String unavailableReason() {
    return UNAVAILABLE;
  }

  private static void requireAvailable() {
    if (UNAVAILABLE != null) {
      throw new IllegalStateException("FAISS is not available in this build (" + UNAVAILABLE
          + "); install libfaiss-dev and libopenblas-dev and rebuild, or use --backend exact|hnsw");
    }
  }

  /**
   * Builds an index over {@code matrix}, training it on the same vectors when the description needs
   * training (IVF, PQ).
   *
   * @param factory a FAISS {@code index_factory} description
   * @param matrix {@code n × dimension} floats, row-major
   * @param threads OpenMP threads for training, adding and searching
   */
  public static FaissIndex build(String factory, float[] matrix, int dimension, int threads) {
    return build(factory, matrix, dimension, threads, 0);
  }

  /**
   * As {@link #build(String, float[], int, int)}, setting HNSW's {@code efConstruction} first when
   * {@code efConstruction > 0}.
   */
  public static FaissIndex build(String factory, float[] matrix, int dimension, int threads, int efConstruction) {
    requireAvailable();
    if (dimension < 1 || matrix.length % dimension != 0) {
      throw new IllegalArgumentException("matrix of " + matrix.length + " floats is not a multiple of dimension " + dimension);
    }
    long n = matrix.length / dimension;
    FaissNative.set_threads(threads);
    FaissNative.Index idx;
    try {
      idx = FaissNative.create(dimension, factory);
    } catch (RuntimeException e) {
      throw new FaissException("index_factory(d=" + dimension + ", \"" + factory + "\")", e);
    }
    FaissIndex f = new FaissIndex(idx, factory, dimension, threads);
    try {
      if (efConstruction > 0) {
        FaissNative.set_ef_construction(idx, efConstruction);
        f.settings += ", efConstruction=" + efConstruction;
      }
      if (!FaissNative.is_trained(idx)) {
        FaissNative.train(idx, n, matrix);
      }
      FaissNative.add(idx, n, matrix);
      return f;
    } catch (RuntimeException e) {
      f.close();
      throw new FaissException("building \"" + factory + "\" over " + n + " × " + dimension + " vectors", e);
    }
  }

  /** Reads an index written by {@link #save}. */
  public static FaissIndex load(Path file, int threads) {
    requireAvailable();
    FaissNative.set_threads(threads);
    FaissNative.Index idx;
    try {
      idx = FaissNative.read(file.toString());
    } catch (RuntimeException e) {
      throw new FaissException("reading FAISS index " + file, e);
    }
    return new FaissIndex(idx, "read from " + file.getFileName(), FaissNative.dimension(idx), threads);
  }

  /** Writes the index to {@code file}. */
  public void save(Path file) {
    try {
      FaissNative.write(live(), file.toString());
    } catch (RuntimeException e) {
      throw new FaissException("writing FAISS index " + file, e);
    }
  }

  /**
   * Sets a search parameter by name, such as {@code efSearch} (HNSW) or {@code nprobe} (IVF).
   *
   * @return this index
   */
  public FaissIndex set(String parameter, double value) {
    try {
      FaissNative.set_parameter(live(), parameter, value);
    } catch (RuntimeException e) {
      throw new FaissException("setting " + parameter + "=" + value + " on \"" + factory + "\"", e);
    }
    settings += ", " + parameter + "=" + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
    return this;
  }

  @Override
  public String description() {
    return "faiss(" + factory + settings + ", threads=" + threads + ", blas=" + blasThreading() + ")";
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return (int) FaissNative.ntotal(live());
  }

  @Override
  public Hits search(float[] queries, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    if (queries.length % dimension != 0) {
      throw new IllegalArgumentException("queries of " + queries.length + " floats are not a multiple of dimension " + dimension);
    }
    int n = queries.length / dimension;
    float[] distances = new float[n * k];
    long[] labels = new long[n * k];
    useThreads(FaissNative.is_flat(live()), n);
    try {
      FaissNative.search(live(), n, queries, k, distances, labels);
    } catch (RuntimeException e) {
      throw new FaissException("searching \"" + factory + "\" for " + n + " queries, k=" + k, e);
    }
    int[] rows = new int[n * k];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (int) labels[i];
      if (rows[i] < 0) {
        distances[i] = Float.NEGATIVE_INFINITY;
      }
    }
    return new Hits(k, rows, distances);
  }

  /**
   * {@code c = q · bᵀ} ({@code nq × d} by {@code d × nb}, row-major) through the very BLAS sgemm and
   * thread settings that FAISS's flat search uses, so that a benchmark can measure the machine's rate
   * for the work flat search does.
   */
  public static void multiplyTransposed(int nq, int nb, int d, float[] q, float[] b, float[] c, int threads) {
    requireAvailable();
    FaissNative.set_blas_threads(threads);
    FaissNative.set_threads(threads); // OpenMP OpenBLAS takes its thread count from OpenMP
    FaissNative.sgemm_qbt(nq, nb, d, q, b, c);
  }

  /**
   * Gives BLAS {@code threads}; FAISS's own OpenMP loops get one thread when BLAS does the work on
   * its own pthreads, and {@code threads} otherwise. A search of fewer queries than threads uses one
   * thread per query at most: FAISS parallelises over queries (and below 20 queries a flat search does
   * not call BLAS), so a single query searched on every core only wakes idle threads (an embedded
   * call's one query, next to its own query encoding).
   */
  private void useThreads(boolean blasBound, int queries) {
    int t = Math.max(1, Math.min(threads, queries));
    FaissNative.set_blas_threads(t);
    FaissNative.set_threads(blasBound && !BLAS_ON_OPENMP ? 1 : t);
  }

  /** A new index made from this one's native index by {@code copier} (e.g. onto a GPU), same settings. */
  FaissIndex copyTo(java.util.function.UnaryOperator<FaissNative.Index> copier, String where) {
    FaissIndex copy = new FaissIndex(copier.apply(live()), factory + " on " + where, dimension, threads);
    copy.settings = settings;
    return copy;
  }

  private FaissNative.Index live() {
    if (index == null) {
      throw new IllegalStateException("FAISS index is closed");
    }
    return index;
  }

  @Override
  public synchronized void close() {
    if (index != null) {
      FaissNative.destroy(index);
      index = null;
    }
  }
}
