package dev.foil.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphScalarTest {
  /**
   * y = Σ max(3x, 1.5) / 0.5: each scalar is read again by the backward pass, after the collector has
   * run and freed memory has been reused; dy/dx is 6 where 3x > 1.5 and 0 elsewhere.
   */
  @Test
  void theBackwardPassReadsTheScalarsTheForwardPassUsed() {
    try (NDManager m = NDManager.newBaseManager(Devices.preferred(), Devices.ENGINE)) {
      NDArray x = m.create(new float[] {1f, 2f, 0.25f, -1f});
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
        NDArray y = x.mul(GraphScalar.of(x, 3f)).maximum(GraphScalar.of(x, 1.5f)).div(GraphScalar.of(x, 0.5f)).sum();
        List<ByteBuffer> churned = AllocatorChurn.reclaimAndOverwrite();
        gc.backward(y);
        java.lang.ref.Reference.reachabilityFence(churned);
      }
      assertArrayEquals(new float[] {6f, 6f, 0f, 0f}, x.getGradient().toFloatArray());
    }
  }
}
