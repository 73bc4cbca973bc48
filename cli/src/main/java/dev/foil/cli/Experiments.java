package dev.foil.cli;

import dev.foil.eval.experiment.ExperimentRunner;
import dev.foil.eval.experiment.ExperimentSpec;
import dev.foil.eval.experiment.Results;
import dev.foil.eval.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Runs an experiment in this process and prints its tables: what {@code foil bench} and the quickstart share. */
final class Experiments {
  private Experiments() {}

  /** Runs an experiment, prints its tables and writes its report; returns the exit code. */
  static int run(ExperimentSpec experiment, Path specFile, Path dir, boolean fresh, boolean report, RunOptions options,
      PrintWriter out) throws Exception {
    ExperimentRunner.Outcome o = ExperimentRunner.run(experiment, specFile, dir,
        new ExperimentRunner.Options(options.threads, fresh), options.progress());
    out.printf(Locale.ROOT, "%s: %d steps run, %d reused from the cache; results in %s%n", experiment.name(), o.ran(),
        o.cached(), dir.resolve(Results.FILE));
    out.println();
    out.print(ReportWriter.summary(o.results()));
    if (report) {
      List<Path> files = ReportWriter.write(dir);
      out.println("report: " + files.get(0) + " and " + files.get(1));
    }
    out.flush();
    return FoilCli.OK;
  }
}
