package dev.foil.index.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foil.index.ChildJvm;
import dev.foil.index.ThreadBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime's idle threads follow the process's wait policy: they sleep by default and spin only under
 * {@code ACTIVE} (checked in child JVMs, by the CPU its threads burn while the caller works between calls).
 */
class OnnxSessionsTest {
  @Test
  void onnxRuntimeThreadsSpinOnlyUnderAnActiveWaitPolicy() throws Exception {
    assumeTrue(ThreadBudget.cores() >= 2, "needs 2 cores for a second ONNX Runtime thread; skipped on 1 core");
    long[] passive = probe("PASSIVE");
    long[] spinning = probe("ACTIVE");
    // Relative, not against the wall time: on a busy machine a spinning thread gets less of a core.
    assertTrue(passive[0] < 0.7 * spinning[0],
        "by default the idle thread sleeps: " + passive[0] + " ms CPU against " + spinning[0] + " ms spinning");
  }

  /** CPU milliseconds of every thread but the caller's, and wall milliseconds, of {@link IdleOnnxThreadsProbe}. */
  private static long[] probe(String policy) throws Exception {
    String[] last = ChildJvm.lastLine(IdleOnnxThreadsProbe.class,
        List.of("-D" + ThreadBudget.WAIT_POLICY_PROPERTY + "=" + policy), Map.of());
    assertEquals(policy, last[2], String.join(" ", last));
    return new long[] {Long.parseLong(last[0]), Long.parseLong(last[1])};
  }
}
