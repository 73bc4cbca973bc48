package dev.foil.index.dense;

import dev.foil.index.ProgressListener;
import dev.foil.index.ThreadBudget;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Run in a child JVM by {@link OnnxSessionsTest}: 300 times, one short text encoded on 2 ONNX Runtime threads
 * and then 2 ms of the caller's own work; prints the CPU milliseconds of every thread but the caller's, the
 * wall milliseconds of that loop and the wait policy. Idle threads that spin burn a core between calls.
 */
public final class IdleOnnxThreadsProbe {
  private IdleOnnxThreadsProbe() {}

  public static void main(String[] args) throws Exception {
    try (OnnxEncoder encoder = new OnnxEncoder(EncoderModel.resolve("minilm"), 32, 8, 2)) {
      List<String> text = List.of("what lowers LDL cholesterol");
      encoder.encodeQueries(text, ProgressListener.NONE);
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      var threads = ManagementFactory.getThreadMXBean();
      long cpu0 = os.getProcessCpuTime() - threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      for (int i = 0; i < 300; i++) {
        encoder.encodeQueries(text, ProgressListener.NONE);
        for (long t = System.nanoTime(); System.nanoTime() - t < 2_000_000; ) {
          Thread.onSpinWait(); // the caller's own work between two calls
        }
      }
      System.out.printf("%d %d %s%n", (os.getProcessCpuTime() - threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000,
          (System.nanoTime() - wall0) / 1_000_000, ThreadBudget.waitPassively());
    }
  }
}
