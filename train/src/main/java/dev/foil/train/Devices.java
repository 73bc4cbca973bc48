package dev.foil.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The one place that chooses where models run: the first GPU when the PyTorch engine was loaded with a
 * CUDA libtorch ({@code PYTORCH_LIBRARY_PATH} or a CUDA {@code PYTORCH_FLAVOR}), else the CPU. Setting
 * {@code FOIL_DEVICE=cpu} forces the CPU.
 */
public final class Devices {
  /** The DJL engine every model trains and runs on. */
  public static final String ENGINE = "PyTorch";

  private Devices() {}

  /** The device every model and batch in this process uses. */
  public static Device preferred() {
    if ("cpu".equalsIgnoreCase(System.getenv("FOIL_DEVICE"))) {
      return Device.cpu();
    }
    Engine engine = Engine.getEngine(Devices.ENGINE);
    return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  /**
   * Seeds the engine's own generator (dropout, initialisation): the only place an engine is seeded, with a
   * run seed or a value of {@link dev.foil.index.Seeds#mix} (the training loop seeds each step).
   */
  public static void seed(long seed) {
    Engine.getEngine(Devices.ENGINE).setRandomSeed((int) (seed ^ (seed >>> 32)));
  }
}
