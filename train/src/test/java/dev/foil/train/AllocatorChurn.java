package dev.foil.train;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What may happen between a forward and a backward pass of a real run, made certain: the garbage
 * collector frees every unreachable Java direct buffer, and new ones of many sizes, filled with NaN,
 * take their memory. A gradient that reads memory the Java side has let go of comes out different.
 */
public final class AllocatorChurn {
  private AllocatorChurn() {}

  /** Runs the collector until it has cleared a fresh weak reference, then overwrites freed memory. */
  public static List<ByteBuffer> reclaimAndOverwrite() {
    WeakReference<Object> probe = new WeakReference<>(new Object());
    for (int i = 0; i < 50 && probe.get() != null; i++) {
      System.gc();
    }
    try {
      Thread.sleep(200); // the Cleaner thread frees the collected buffers' memory
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<ByteBuffer> held = new ArrayList<>();
    for (int k = 1; k <= 256; k++) {
      ByteBuffer b = ByteBuffer.allocateDirect(16 * k);
      while (b.remaining() >= 4) {
        b.putFloat(Float.NaN);
      }
      held.add(b);
    }
    return held; // kept reachable by the caller until the backward pass has run
  }
}
