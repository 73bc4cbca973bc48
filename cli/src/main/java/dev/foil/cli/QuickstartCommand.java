package dev.foil.cli;

import dev.foil.eval.experiment.ExperimentSpec;
import dev.foil.eval.metrics.Evaluation;
import dev.foil.eval.metrics.Metric;
import dev.foil.eval.metrics.TrecEvaluator;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.run.Run;
import dev.foil.index.run.RunSearch;
import dev.foil.index.run.TrecRunReader;
import dev.foil.index.synthetic.PlantedFalseNegatives;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.samplers.mining.MiningSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code foil quickstart}: the whole lexical path end to end, offline: generate (or take) a BEIR
 * collection, index it, search its test queries, evaluate, print a short table, and end with a report
 * comparing the samplers' negatives on the collection.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole path offline: generate a synthetic BEIR collection with planted false negatives",
      "(or take --data DIR), index it with BM25, search the split's queries, evaluate, print a table;",
      "then compare five samplers' negatives (3 seeds) and write OUT/report/report.html and report.md."
    })
final class QuickstartCommand implements Callable<Integer>, JobFlags.Renamed {
  private static final List<Metric> METRICS =
      Metric.parseList("ndcg@10,rr@10,recall@100,recall@1000,map");

  /** The samplers the quickstart's report compares. */
  static final List<String> SAMPLERS =
      List.of("random", "top-k", "window(10,100)", "relative-margin(0.05)", "simans(a=0.5,b=0)",
          MiningSettings.SAMPLER);

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "a BEIR directory (default: generate a synthetic one)")
  Path dataset;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "foil-quickstart",
      description = "where the collection, index, run and report go; a later run reuses it (default: ${DEFAULT-VALUE})")
  Path work;

  /** What the quickstart writes under {@code --out}: a directory holding none of them is not one of its own. */
  private static final List<String> OWN = List.of("collection", "index", "report");

  @Override
  public Map<String, String> formerNames() {
    return Map.of("dataset", "data", "work", "out");
  }

  @Option(names = "--seed", defaultValue = "42", description = "seed of the synthetic collection (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--topics", defaultValue = "20", description = "topics of the synthetic collection (default: ${DEFAULT-VALUE})")
  int topics;

  @Option(names = "--queries-per-topic", defaultValue = "10",
      description = "queries per topic of the synthetic collection; documents per topic are 10× this (default: ${DEFAULT-VALUE})")
  int queriesPerTopic;

  @Option(names = "--split", defaultValue = "test", description = "qrels split to search and evaluate (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--k", defaultValue = "1000", description = "hits per query (default: ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--no-report", description = "skip the sampler comparison and its report")
  boolean noReport;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JobFlags.applyFormerNames(spec);
    ProgressListener progress = options.progress();
    refuseForeign(work);
    Files.createDirectories(work);

    Path collection = dataset;
    String title;
    long t0 = System.nanoTime();
    if (collection == null) {
      collection = work.resolve("collection");
      SyntheticCollection.Summary s = SyntheticCollection.write(
          SyntheticCollection.Parameters.sized(seed, topics, queriesPerTopic), collection, true);
      title = s.describe(seed);
    } else {
      title = "dataset " + collection;
    }
    long tGenerate = System.nanoTime() - t0;
    BeirDataset data = BeirDataset.at(collection);
    Path qrelsFile = data.qrels(split);
    if (!Files.isRegularFile(qrelsFile)) {
      throw new InputFormatException(qrelsFile, 0, null, "missing; splits here: " + data.splits());
    }

    Path index = work.resolve("index");
    t0 = System.nanoTime();
    IndexManifest m = Bm25Indexer.anseriniDefaults(options.threads).build(data.corpus(), index, true, progress);
    long tIndex = System.nanoTime() - t0;

    Path runFile = work.resolve("run-" + split + ".trec");
    RunSearch.Result searched;
    t0 = System.nanoTime();
    try (Bm25Index bm25 = Bm25Index.open(index)) {
      searched = RunSearch.search(bm25, data.queries(), qrelsFile, k, false, options.threads, runFile,
          "foil-bm25", progress, FoilCli.warnings(err));
    }
    long tSearch = System.nanoTime() - t0;

    Qrels judged = QrelsReader.read(qrelsFile);
    Run run = TrecRunReader.read(runFile);
    TrecEvaluator evaluator = new TrecEvaluator(METRICS);
    Evaluation onJudged = evaluator.evaluate(judged, run);
    Path completeFile = collection.resolve(SyntheticCollection.COMPLETE_QRELS_DIR).resolve(split + ".tsv");
    Evaluation onComplete =
        Files.isRegularFile(completeFile) ? evaluator.evaluate(QrelsReader.read(completeFile), run) : null;

    out.println("Foil quickstart: " + title);
    out.printf(Locale.ROOT, "  %-9s %8s  %s%n", "step", "time", "");
    if (dataset == null) {
      out.printf(Locale.ROOT, "  %-9s %6.2f s  %s%n", "generate", tGenerate / 1e9, collection);
    }
    out.printf(Locale.ROOT, "  %-9s %6.2f s  %,d documents, %,d terms -> %s%n", "index", tIndex / 1e9,
        m.documents(), m.totalTerms(), index);
    out.printf(Locale.ROOT, "  %-9s %6.2f s  %,d %s queries, BM25(k1=0.9,b=0.4), k=%d -> %s%n", "search",
        tSearch / 1e9, searched.queries(), split, k, runFile);
    out.println();
    out.printf(Locale.ROOT, "  %-12s %12s%s%n", "metric", "judged qrels",
        onComplete == null ? "" : "   complete qrels (judged + planted)");
    for (Metric metric : METRICS) {
      out.printf(Locale.ROOT, "  %-12s %12s%s%n", metric.name(), Evaluation.format(onJudged.mean(metric)),
          onComplete == null ? "" : String.format(Locale.ROOT, "   %12s", Evaluation.format(onComplete.mean(metric))));
    }
    if (PlantedFalseNegatives.present(collection)) {
      reportPlanted(out, collection, run, split);
    }
    out.println();
    int rc = FoilCli.OK;
    if (!noReport && Files.isRegularFile(data.qrels("train"))) {
      out.println("Sampler comparison: every sampler mines the train queries' negatives from BM25's top 200, 3 seeds.");
      out.flush();
      rc = Experiments.run(samplerComparison(collection, split), null, work.resolve("report"), false, true, options, out);
      out.println();
    }
    out.println("Next: bin/foil evaluate --qrels " + qrelsFile + " --run " + runFile + " --per-query");
    out.flush();
    return rc;
  }

  /** The quickstart's experiment: the samplers side by side on the collection's train queries. */
  static ExperimentSpec samplerComparison(Path collection, String split) {
    return new ExperimentSpec("quickstart-samplers", ExperimentSpec.RETRIEVAL, collection.toAbsolutePath(), null,
        List.of("bm25"), null, List.of("bm25"), new ExperimentSpec.Mining("train", 200, 10, null), SAMPLERS, null,
        List.of(1L, 2L, 3L), new ExperimentSpec.Eval(split, List.of("ndcg@10", "recall@100"), 1000), null);
  }

  /** How many planted false negatives BM25 ranks where a top-k negative miner would take them. */
  private static void reportPlanted(PrintWriter out, Path collection, Run run, String split) throws Exception {
    int total = 0;
    int top10 = 0;
    int top100 = 0;
    Map<String, Map<String, Integer>> ranks = new HashMap<>();
    for (String q : run.queryIds()) {
      Map<String, Integer> r = new HashMap<>();
      List<Run.Entry> entries = run.ranking(q);
      for (int i = 0; i < entries.size(); i++) {
        r.put(entries.get(i).docId(), i);
      }
      ranks.put(q, r);
    }
    for (PlantedFalseNegatives.Entry e : PlantedFalseNegatives.read(collection)) {
      if (!e.split().equals(split)) {
        continue;
      }
      total++;
      Integer rank = ranks.getOrDefault(e.queryId(), Map.of()).get(e.docId());
      if (rank != null && rank < 10) {
        top10++;
      }
      if (rank != null && rank < 100) {
        top100++;
      }
    }
    out.println();
    out.printf(Locale.ROOT,
        "  planted false negatives (relevant, unjudged) for the %s queries: %d; BM25 ranks %d in its top 10"
            + " and %d in its top 100,%n  where a top-k miner would take them as negatives.%n",
        split, total, top10, top100);
  }

  /** Refuses an {@code --out} that exists, holds something, and holds nothing a quickstart wrote. */
  private static void refuseForeign(Path out) throws IOException {
    if (!Files.isDirectory(out)) {
      return;
    }
    try (var entries = Files.list(out)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).toList();
      if (!names.isEmpty() && names.stream().noneMatch(n -> OWN.contains(n) || n.startsWith("run-"))) {
        throw new IllegalArgumentException(out + " is not empty and was not written by foil quickstart: give a new"
            + " or empty --out directory");
      }
    }
  }
}
