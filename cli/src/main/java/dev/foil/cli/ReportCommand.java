package dev.foil.cli;

import dev.foil.eval.report.ReportWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code foil report}: the HTML and Markdown report of a results directory written by {@code foil bench}. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write RESULTS_DIR/report.html (self-contained, charts embedded) and RESULTS_DIR/report.md",
        "(charts in RESULTS_DIR/charts/) from RESULTS_DIR/results.json."})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "a directory written by `foil bench`")
  Path dir;

  @Override
  public Integer call() throws Exception {
    List<Path> files = ReportWriter.write(dir);
    spec.commandLine().getOut().println("report: " + files.get(0) + " and " + files.get(1));
    spec.commandLine().getOut().flush();
    return FoilCli.OK;
  }
}
