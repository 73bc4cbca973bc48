package dev.foil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.foil.index.ThreadBudget;
import java.lang.management.ManagementFactory;

/**
 * Run in a child JVM by {@link ThreadBudgetTest}: 2,000 times, a small parallel PyTorch operation and then
 * 0.2 ms of the caller's own work; prints the CPU milliseconds of every thread but the caller's and the wall
 * milliseconds of that loop, the OpenMP wait policy and PyTorch's inter-op threads. OpenMP threads that
 * busy-wait burn a core between the operations; passive ones do not.
 */
public final class IdleThreadsProbe {
  private IdleThreadsProbe() {}

  public static void main(String[] args) throws Exception {
    ThreadBudget.use(2);
    try (NDManager m = NDManager.newBaseManager(Devices.preferred(), Devices.ENGINE)) {
      NDArray a = m.randomUniform(0f, 1f, new Shape(512, 512));
      a.add(a).close(); // starts the OpenMP threads
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      var threads = ManagementFactory.getThreadMXBean();
      long cpu0 = os.getProcessCpuTime() - threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      for (int i = 0; i < 2000; i++) {
        a.add(a).close(); // 262,144 elements: split across the intra-op threads
        for (long t = System.nanoTime(); System.nanoTime() - t < 200_000; ) {
          Thread.onSpinWait(); // the caller's own work between two operations, as in a training step
        }
      }
      System.out.printf("%d %d %s %d%n", (os.getProcessCpuTime() - threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000,
          (System.nanoTime() - wall0) / 1_000_000, ThreadBudget.waitPassively(), JniUtils.getNumInteropThreads());
    }
  }
}
