package dev.foil.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.pytorch.jni.JniUtils;
import dev.foil.index.ChildJvm;
import dev.foil.index.ThreadBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The thread budget reaches PyTorch: its intra-op pool follows {@link ThreadBudget#use}, and its OpenMP
 * threads wait passively unless the user chose a policy (checked in child JVMs, as the policy is read
 * once, when libtorch loads).
 */
class ThreadBudgetTest {
  @AfterEach
  void restore() {
    ThreadBudget.use(0);
  }

  @Test
  void pytorchIntraOpThreadsFollowTheBudget() {
    ThreadBudget.use(1);
    Devices.preferred();
    assertEquals(1, JniUtils.getNumThreads());
    ThreadBudget.use(0);
    Devices.preferred();
    assertEquals(ThreadBudget.cores(), JniUtils.getNumThreads());
  }

  @Test
  void budgetTakesTheCountGivenZeroForAllCoresAndRejectsNegativeCounts() {
    ThreadBudget.use(3);
    assertEquals(3, ThreadBudget.threads());
    ThreadBudget.use(0);
    assertEquals(ThreadBudget.cores(), ThreadBudget.threads());
    assertThrows(IllegalArgumentException.class, () -> ThreadBudget.use(-1));
  }

  @Test
  void openMpThreadsWaitPassivelyByDefaultAndAsToldOtherwise() throws Exception {
    assumeTrue(ThreadBudget.cores() >= 2, "needs 2 cores for OpenMP worker threads; skipped on 1 core");
    long[] passive = probe(List.of(), Map.of(), "PASSIVE");
    long[] spinning = probe(List.of("-D" + ThreadBudget.WAIT_POLICY_PROPERTY + "=ACTIVE"), Map.of(), "ACTIVE");
    long[] usersChoice = probe(List.of(), Map.of(ThreadBudget.WAIT_POLICY, "ACTIVE"), "ACTIVE");
    // Spinning workers keep a core busy between operations; passive ones only do their half of each addition.
    // Compared with each other, not with the wall time: on a busy machine a spinning thread gets less of a core.
    assertTrue(passive[0] < 0.5 * spinning[0], "the policy Foil sets in its own environment reaches libtorch's"
        + " OpenMP: by default " + passive[0] + " ms CPU, at ACTIVE " + spinning[0] + " ms");
    assertTrue(passive[0] < 0.5 * usersChoice[0],
        "the user's OMP_WAIT_POLICY wins: " + usersChoice[0] + " ms CPU against " + passive[0] + " ms by default");
  }

  /**
   * CPU milliseconds of every thread but the caller's and wall milliseconds of {@link IdleThreadsProbe} in a
   * child JVM with {@code jvmArgs} and {@code env} (no OpenMP variables otherwise); checks the policy it reports.
   */
  private static long[] probe(List<String> jvmArgs, Map<String, String> env, String policy) throws Exception {
    String[] last = ChildJvm.lastLine(IdleThreadsProbe.class, jvmArgs, env);
    String out = String.join(" ", last);
    assertEquals(policy, last[2], out);
    assertEquals("1", last[3], "the inter-op pool, which Foil does not use, gets one thread: " + out);
    return new long[] {Long.parseLong(last[0]), Long.parseLong(last[1])};
  }
}
