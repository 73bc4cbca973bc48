package dev.foil.cli;

import dev.foil.index.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports long work on standard error: on a terminal, a progress bar for work that lasts more than a
 * second (shorter work prints nothing); elsewhere (a log file, a pipe), where redrawn frames would pile
 * up, one plain line when each task ends. Thread-safe.
 */
final class ConsoleProgress implements ProgressListener {
  private static final long SHOW_AFTER_NANOS = 1_000_000_000L;

  /** How progress shows. */
  enum Mode { BAR, LINE, NONE }

  private final PrintStream err;
  private final Mode mode;
  private String task;
  private long total;
  private String unit;
  private long done;
  private long started;
  private ProgressBar bar;

  ConsoleProgress(PrintStream err, Mode mode) {
    this.err = err;
    this.mode = mode;
  }

  /** Bars when standard error is a terminal, plain lines when it is not, nothing when {@code quiet}. */
  static Mode modeFor(boolean quiet) {
    return quiet ? Mode.NONE : onTerminal() ? Mode.BAR : Mode.LINE;
  }

  /**
   * Whether the process talks to a terminal: a console exists and, on JDKs that can tell
   * ({@code Console.isTerminal}, JDK 22+), it is one.
   */
  static boolean onTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console is only returned for a terminal
    }
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
    if (mode != Mode.BAR) {
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
    if (mode == Mode.LINE && task != null) {
      double seconds = (System.nanoTime() - started) / 1e9;
      boolean bytes = "bytes".equals(unit);
      double amount = bytes ? done / (double) (1 << 20) : done;
      String u = bytes ? "MB" : unit;
      err.printf(java.util.Locale.ROOT, "%s: %,.0f %s in %.1f s (%,.1f %s/s)%n", task, amount, u, seconds,
          seconds > 0 ? amount / seconds : 0, u);
      err.flush();
      task = null;
    }
  }

  private void closeBar() {
    if (bar != null) {
      bar.stepTo(total > 0 ? total : done);
      bar.close(); // renders the last frame, then a line break
      bar = null;
    }
  }
}
