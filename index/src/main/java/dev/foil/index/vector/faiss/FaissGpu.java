package dev.foil.index.vector.faiss;

/**
 * FAISS on a GPU: whether it can be used here, and the copy of a CPU index onto a device
 * ({@code GpuIndexFlatIP} for {@code Flat}, {@code GpuIndexIVFFlat} for {@code IVF…,Flat}). Available
 * only in a build made with the Maven profile {@code faiss-gpu} against a CUDA-enabled FAISS, on a
 * machine with a CUDA device; see docs/DENSE.md.
 */
public final class FaissGpu {
  private static final String UNAVAILABLE = probe();

  private FaissGpu() {}

  private static String probe() {
    if (!FaissIndex.available()) {
      return "FAISS itself is not available";
    }
    try {
      Class.forName(FaissGpuNative.class.getName(), true, FaissGpu.class.getClassLoader());
      int devices = FaissGpuNative.device_count();
      return devices > 0 ? null : "no CUDA device";
    } catch (Throwable t) {
      Throwable root = t;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return "GPU binding not built (" + root.getClass().getSimpleName() + ")";
    }
  }

  /** Whether a GPU binding is built and a CUDA device is present. */
  public static boolean available() {
    return UNAVAILABLE == null;
  }

  /** Why the GPU cannot be used, or {@code null}. */
  public static String unavailableReason() {
    return UNAVAILABLE;
  }

  /** Whether FAISS can place this index description on a GPU (flat and IVF-flat can; HNSW cannot). */
  public static boolean supports(String factory) {
    return factory.equals("Flat") || (factory.startsWith("IVF") && factory.endsWith(",Flat"));
  }

  /**
   * A GPU copy of {@code cpu} on {@code device}; the CPU index is left as it is (close it separately).
   *
   * @throws IllegalStateException when no GPU can be used
   */
  public static FaissIndex toGpu(FaissIndex cpu, int device) {
    if (UNAVAILABLE != null) {
      throw new IllegalStateException("FAISS GPU is not available: " + UNAVAILABLE);
    }
    return cpu.copyTo(index -> {
      try {
        return FaissGpuNative.to_gpu(index, device);
      } catch (RuntimeException e) {
        throw new FaissException("copying " + cpu.description() + " to GPU " + device, e);
      }
    }, "gpu" + device);
  }
}
