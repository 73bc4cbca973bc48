package dev.foil.index.vector.faiss;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JNI surface over {@code foil_faiss.h}: free functions on an opaque {@code faiss::Index*}. Link
 * order matters: JavaCPP reverses {@code link}, giving {@code -lfaiss -lopenblas -lgomp}, so FAISS's
 * BLAS calls resolve to OpenBLAS rather than the reference BLAS. Only {@link FaissIndex} uses it.
 */
@Platform(
    include = "foil_faiss.h",
    link = {"gomp", "openblas", "faiss"},
    compiler = {"cpp17"})
@Namespace("foil_faiss")
final class FaissNative {
  static {
    Loader.load();
  }

  private FaissNative() {}

  /** An owned {@code faiss::Index*}; free it with {@link #destroy}. */
  @Opaque
  @Namespace("::faiss")
  static final class Index extends Pointer {
    static {
      Loader.load();
    }

    Index(Pointer p) {
      super(p);
    }
  }

  static native Index create(int d, String description);

  static native void destroy(Index index);

  static native @Cast("int64_t") long ntotal(@Const Index index);

  static native int dimension(@Const Index index);

  static native @Cast("bool") boolean is_trained(@Const Index index);

  static native void train(Index index, @Cast("int64_t") long n, @Const float[] x);

  static native void add(Index index, @Cast("int64_t") long n, @Const float[] x);

  static native void search(@Const Index index, @Cast("int64_t") long n, @Const float[] x, @Cast("int64_t") long k,
      float[] distances, @Cast("int64_t*") long[] labels);

  static native void set_parameter(Index index, String name, double value);

  static native void set_ef_construction(Index index, int ef);

  static native void write(@Const Index index, String path);

  static native Index read(String path);

  static native void set_threads(int n);

  static native void set_blas_threshold(int n);

  static native void set_blas_threads(int n);

  static native int blas_parallelism();

  static native @Cast("bool") boolean is_flat(@Const Index index);

  static native void sgemm_qbt(int nq, int nb, int d, @Const float[] q, @Const float[] b, float[] c);
}
