package dev.foil.cli;

import dev.foil.index.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws a progress bar on standard error for work that lasts more than a second; shorter work prints
 * nothing. Thread-safe.
 */
final class ConsoleProgress implements ProgressListener {
  private static final long SHOW_AFTER_NANOS = 1_000_000_000L;

  private final PrintStream err;
  private final boolean enabled;
  private String task;
  private long total;
  private String unit;
  private long done;
  private long started;
  private ProgressBar bar;

  ConsoleProgress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  @Override
  public synchronized void start(String task, long total, String unit) {
    closeBar();
    this.task = task;
    this.total = total;
    this.unit = unit;
    this.done = 0;
    this.started = System.nanoTime();
  }

  @Override
  public synchronized void advance(long delta) {
    done += delta;
    if (!enabled) {
      return;
    }
    if (bar == null && System.nanoTime() - started > SHOW_AFTER_NANOS) {
      ProgressBarBuilder b =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(err))
              .setUpdateIntervalMillis(250)
              .startsFrom(0, Duration.ofNanos(System.nanoTime() - started))
              .showSpeed();
      if ("bytes".equals(unit)) {
        b.setUnit(" MB", 1 << 20);
      } else {
        b.setUnit(" " + unit, 1);
      }
      bar = b.build();
    }
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public synchronized void status(String text) {
    if (bar != null) {
      bar.setExtraMessage(" " + text);
    }
  }

  @Override
  public synchronized void finish() {
    closeBar();
  }

  private void closeBar() {
    if (bar != null) {
      bar.stepTo(total > 0 ? total : done);
      bar.close();
      bar = null;
    }
  }
}
