package dev.foil.index.vector.faiss;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JNI surface over {@code foil_faiss_gpu.h}. Its native library is built only by the Maven profile
 * {@code faiss-gpu} (a FAISS compiled with CUDA is needed); elsewhere loading it fails and
 * {@link FaissGpu#available()} says so.
 */
@Platform(
    include = "foil_faiss_gpu.h",
    link = {"cublas", "cudart", "gomp", "openblas", "faiss"},
    compiler = {"cpp17"})
@Namespace("foil_faiss_gpu")
final class FaissGpuNative {
  static {
    Loader.load();
  }

  private FaissGpuNative() {}

  static native int device_count();

  static native FaissNative.Index to_gpu(@Const FaissNative.Index cpu, int device);
}
