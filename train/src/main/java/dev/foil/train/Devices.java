package dev.foil.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.foil.index.ThreadBudget;

/**
 * The one place that chooses where models run: the first GPU when the PyTorch engine was loaded with a
 * CUDA libtorch ({@code PYTORCH_LIBRARY_PATH} or a CUDA {@code PYTORCH_FLAVOR}), else the CPU. Setting
 * {@code FOIL_DEVICE=cpu} forces the CPU. It also gives PyTorch its threads: the intra-op pool takes
 * {@link ThreadBudget#threads()} (rechecked whenever a model asks for its device), the unused inter-op
 * pool one thread, and its OpenMP runtime waits passively ({@link ThreadBudget#waitPassively}).
 */
public final class Devices {
  /** The DJL engine every model trains and runs on. */
  public static final String ENGINE = "PyTorch";

  private static int intraOpThreads;

  static {
    ThreadBudget.waitPassively(); // before libtorch loads its OpenMP runtime, which reads the policy once
  }

  private Devices() {}

  /** The device every model and batch in this process uses. */
  public static Device preferred() {
    if ("cpu".equalsIgnoreCase(System.getenv("FOIL_DEVICE"))) {
      return Device.cpu();
    }
    Engine engine = engine();
    return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  /** The PyTorch engine, loaded on first use, its intra-op threads set to {@link ThreadBudget#threads()}. */
  private static synchronized Engine engine() {
    int threads = ThreadBudget.threads();
    if (intraOpThreads == 0) { // read by DJL when it loads the engine
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    }
    Engine engine = Engine.getEngine(Devices.ENGINE);
    if (intraOpThreads != threads) {
      JniUtils.setNumThreads(threads);
      intraOpThreads = threads;
    }
    return engine;
  }

  /**
   * Seeds the engine's own generator (dropout, initialisation): the only place an engine is seeded, with a
   * run seed or a value of {@link dev.foil.index.Seeds#mix} (the training loop seeds each step).
   */
  public static void seed(long seed) {
    engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
  }
}
