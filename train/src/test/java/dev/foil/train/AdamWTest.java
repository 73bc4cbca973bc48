package dev.foil.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
  @Test
  void firstStepMovesEachWeightByTheLearningRateAgainstItsGradientsSign() {
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      NDArray w = m.create(new float[] {1f, -2f});
      AdamW opt = new AdamW(Map.of("w", w), new Schedule(0.1f, 0, 10), 0f, 0f);
      backward(() -> w.square().sum()); // gradient 2w = (2, −4)
      opt.update();
      // Adam's first step is lr · g/|g| per element (bias-corrected m/√v = ±1).
      assertArrayEquals(new float[] {0.9f, -1.9f}, w.toFloatArray(), 1e-5f);
    }
  }

  @Test
  void aNonFiniteGradientSkipsTheStepAndLeavesNoTrace() {
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      NDArray w = m.create(new float[] {1f, -2f});
      AdamW opt = new AdamW(Map.of("w", w), new Schedule(0.1f, 0, 10), 0f, 1f);
      backward(() -> w.mul(Float.NaN).sum());
      assertTrue(Float.isNaN(opt.update()));
      assertEquals(1, opt.skipped());
      assertArrayEquals(new float[] {1f, -2f}, w.toFloatArray());
      // The next finite step behaves as a first step: the NaN gradient was cleared, not accumulated.
      backward(() -> w.square().sum());
      assertTrue(Float.isFinite(opt.update()));
      assertArrayEquals(new float[] {0.9f, -1.9f}, w.toFloatArray(), 1e-5f);
    }
  }

  @Test
  void theReportedNormIsTheGlobalFrobeniusNormAndClippingScalesTheStep() {
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      NDArray a = m.create(new float[] {1f, 2f, 3f, 4f}, new ai.djl.ndarray.types.Shape(2, 2));
      NDArray b = m.create(new float[] {0.5f});
      AdamW opt = new AdamW(Map.of("a", a, "b", b), new Schedule(0.1f, 0, 10), 0.5f, 1f);
      backward(() -> a.square().sum().add(b.mul(3f).sum())); // gradients 2a and 3
      // √(4·(1 + 4 + 9 + 16) + 9) = √129, not the spectral norm of the 2×2 gradient.
      assertEquals(Math.sqrt(129), opt.update(), 1e-4);
      // First step with clipping: still ±lr per element (Adam is scale-free), plus decoupled decay lr·λ·w.
      assertArrayEquals(new float[] {1 - 0.1f - 0.05f, 2 - 0.1f - 0.1f, 3 - 0.1f - 0.15f, 4 - 0.1f - 0.2f},
          a.toFloatArray(), 1e-5f);
    }
  }

  private static void backward(java.util.function.Supplier<NDArray> loss) {
    try (GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
      gc.backward(loss.get());
    }
  }
}
