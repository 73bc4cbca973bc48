package dev.foil.cli;

import dev.foil.eval.experiment.ExperimentRunner;
import dev.foil.eval.experiment.Results;
import dev.foil.eval.regress.Regression;
import dev.foil.eval.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foil regress}: re-runs checked-in regressions and fails when a number drifts out of tolerance. */
@Command(name = "regress", mixinStandardHelpOptions = true,
    description = {"Run each regression file's experiment (cached under --out) and compare its numbers with the",
        "expected values; exit 1 when any is out of tolerance or missing. Regressions live in regressions/."})
final class RegressCommand implements Callable<Integer>, JobFlags.Renamed {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "regression files (YAML)")
  List<Path> files;

  @Option(names = "--out", defaultValue = "foil-regressions", paramLabel = "DIR",
      description = "where each experiment's results go, under its name (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(names = "--fresh", description = "run every step again instead of reusing cached ones")
  boolean fresh;

  @Option(names = "--report", description = "also write each experiment's report")
  boolean report;

  @Mixin RunOptions options;

  @Override
  public java.util.Map<String, String> formerNames() {
    return java.util.Map.of("work", "out");
  }

  @Override
  public Integer call() throws Exception {
    JobFlags.applyFormerNames(spec);
    PrintWriter out = spec.commandLine().getOut();
    int failed = 0;
    for (Path f : files) {
      Regression r = Regression.read(f);
      Path dir = work.resolve(r.spec().name());
      ExperimentRunner.Outcome o = ExperimentRunner.run(r.spec(), f, dir,
          new ExperimentRunner.Options(options.threads, fresh), options.progress());
      if (report) {
        ReportWriter.write(dir);
      }
      Results results = o.results();
      out.printf(Locale.ROOT, "%s (%s; %d steps run, %d cached)%n", r.spec().name(), f, o.ran(), o.cached());
      out.printf(Locale.ROOT, "  %-6s %-28s %-22s %12s %12s %10s%n", "", "row", "metric", "expected", "measured",
          "tolerance");
      for (Regression.Check c : r.check(results)) {
        failed += c.passed() ? 0 : 1;
        out.printf(Locale.ROOT, "  %-6s %-28s %-22s %12.6f %12s %10.6f%n", c.passed() ? "ok" : "FAIL",
            c.expected().row(), c.expected().metric(), c.expected().value(),
            c.actual() == null ? "missing" : String.format(Locale.ROOT, "%.6f", c.actual()), c.expected().tolerance());
      }
      out.flush();
    }
    out.println(failed == 0 ? "all regressions passed" : failed + " value(s) out of tolerance");
    out.flush();
    return failed == 0 ? FoilCli.OK : FoilCli.FAILURE;
  }
}
