package dev.foil.cli;

import dev.foil.index.ProgressListener;
import dev.foil.index.ThreadBudget;
import picocli.CommandLine.Option;

/** Options every working command shares: how many threads, and whether to draw progress bars. */
final class RunOptions {
  @Option(names = "--threads", paramLabel = "N",
      description = "threads for all the work, Foil's and PyTorch's, ONNX Runtime's and OpenMP's alike (default: the cores this process may use)")
  int threads = ThreadBudget.cores();

  @Option(names = "--quiet", description = "no progress bars or progress lines")
  boolean quiet;

  /** Progress on standard error: bars on a terminal, one line per task otherwise, nothing with {@code --quiet}. */
  ProgressListener progress() {
    return new ConsoleProgress(System.err, ConsoleProgress.modeFor(quiet));
  }
}
