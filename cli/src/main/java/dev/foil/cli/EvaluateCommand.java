package dev.foil.cli;

import dev.foil.eval.metrics.Evaluation;
import dev.foil.eval.metrics.Metric;
import dev.foil.eval.metrics.TrecEvaluator;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.run.TrecRunReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code foil evaluate}: ranking metrics of a run, with trec_eval semantics. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a TREC run against qrels with trec_eval's semantics (as `trec_eval -c`).",
      "Metrics: ndcg@k, rr@k (mrr@k), recall@k, map, map@k, p@k."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "BEIR qrels .tsv or TREC qrels")
  Path qrels;

  @Option(names = "--run", required = true, paramLabel = "FILE", description = "TREC run file")
  Path run;

  @Option(names = "--metrics", defaultValue = "ndcg@10,rr@10,recall@100,recall@1000,map",
      description = "comma-separated metrics (default: ${DEFAULT-VALUE})")
  String metrics;

  @Option(names = "--per-query", description = "also print every query's values")
  boolean perQuery;

  @Override
  public Integer call() throws Exception {
    List<Metric> ms = Metric.parseList(metrics);
    Evaluation e = new TrecEvaluator(ms).evaluate(QrelsReader.read(qrels), TrecRunReader.read(run));
    print(spec.commandLine().getOut(), e, perQuery);
    if (e.queriesMissingFromRun() > 0) {
      spec.commandLine().getErr().printf(
          "foil: note: %d judged queries are missing from the run and count as 0%n", e.queriesMissingFromRun());
      spec.commandLine().getErr().flush();
    }
    return FoilCli.OK;
  }

  /** Prints {@code metric<TAB>query<TAB>value} lines like trec_eval, means last under {@code all}. */
  static void print(PrintWriter out, Evaluation e, boolean perQuery) {
    if (perQuery) {
      for (Map.Entry<String, double[]> q : e.perQuery().entrySet()) {
        for (int m = 0; m < e.metrics().size(); m++) {
          out.printf(Locale.ROOT, "%-12s\t%s\t%s%n", e.metrics().get(m).name(), q.getKey(), Evaluation.format(q.getValue()[m]));
        }
      }
    }
    out.printf(Locale.ROOT, "%-12s\t%s\t%d%n", "queries", "all", e.queries());
    for (int m = 0; m < e.metrics().size(); m++) {
      out.printf(Locale.ROOT, "%-12s\t%s\t%s%n", e.metrics().get(m).name(), "all", Evaluation.format(e.means()[m]));
    }
    out.flush();
  }

  /**
   * Four decimals rounded as C's printf rounds the exact binary value (half to even), so that 1/32
   * prints as trec_eval prints it (0.0312), not 0.0313.
   */
}
