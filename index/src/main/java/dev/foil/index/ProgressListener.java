package dev.foil.index;

import java.util.function.LongConsumer;

/**
 * Receives progress of long work (indexing, batch retrieval) so that a front end can draw a progress
 * bar; the library itself never prints. Implementations must be thread-safe: {@link #advance} is
 * called from worker threads.
 */
public interface ProgressListener {

  /** A listener that ignores everything. */
  ProgressListener NONE =
      new ProgressListener() {
        @Override
        public void start(String task, long total, String unit) {}

        @Override
        public void advance(long delta) {}

        @Override
        public void finish() {}
      };

  /**
   * A listener that passes each {@link #advance} to {@code advance} and ignores the rest: a counter in a
   * test, or a caller's bar fed by a nested piece of work that must not start or finish it.
   */
  static ProgressListener onAdvance(LongConsumer advance) {
    return new ProgressListener() {
      @Override
      public void start(String task, long total, String unit) {}

      @Override
      public void advance(long delta) {
        advance.accept(delta);
      }

      @Override
      public void finish() {}
    };
  }

  /**
   * Work named {@code task} begins; {@code total} units are expected, or -1 when unknown.
   *
   * @param unit what one unit is, such as {@code docs}, {@code queries} or {@code bytes}
   */
  void start(String task, long total, String unit);

  /** {@code delta} more units are done. */
  void advance(long delta);

  /** The work started last is done. */
  void finish();

  /** A short status shown beside the bar, such as a training loss; ignored unless drawn. */
  default void status(String text) {}
}
