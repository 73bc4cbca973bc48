package dev.foil.cli;

import dev.foil.eval.training.EstimatorComparison;
import dev.foil.eval.training.EvaluatedTraining;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.index.source.SourceOptions;
import dev.foil.rankers.cet.CetTrainer;
import dev.foil.rankers.cet.CetTraining;
import dev.foil.rankers.fn.FnAdapterModel;
import dev.foil.rankers.fn.FnAdapterTraining;
import dev.foil.rankers.fn.LearnedFalseNegativeEstimator;
import dev.foil.rankers.rerank.RerankerTraining;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code foil train}: trains the models that consume mined negatives. The trainers' options are
 * declared by the library ({@link JobFlags}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model on mined negatives: bi-encoder, reranker, fn-adapter or cet.",
    subcommands = {TrainCommand.BiEncoder.class, TrainCommand.Reranker.class, TrainCommand.FnAdapter.class,
        TrainCommand.Cet.class})
final class TrainCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code foil train bi-encoder}. */
  @Command(name = "bi-encoder", mixinStandardHelpOptions = true,
      description = {"Fine-tune MiniLM as a dense retriever with InfoNCE over mined and in-batch negatives.",
          "Query-side mode trains the query tower only against the fixed passage vectors of --store."})
  static final class BiEncoder implements Callable<Integer>, JobFlags.Declared {
    @Spec CommandSpec spec;
    @Mixin RunOptions options;

    @Override
    public JobOptions jobOptions() {
      return EvaluatedTraining.BI_ENCODER;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      EvaluatedTraining.train(EvaluatedTraining.BiEncoder.of(JobFlags.values(spec)), options.threads,
          options.progress(), FoilCli.warnings(spec.commandLine().getErr()), line -> println(out, line));
      return FoilCli.OK;
    }
  }

  /** {@code foil train reranker}. */
  @Command(name = "reranker", mixinStandardHelpOptions = true,
      description = "Train a MiniLM cross-encoder listwise: one positive and n mined negatives per group.")
  static final class Reranker implements Callable<Integer>, JobFlags.Declared {
    @Spec CommandSpec spec;
    @Mixin RunOptions options;

    @Override
    public JobOptions jobOptions() {
      return RerankerTraining.OPTIONS;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      RerankerTraining.Job job = RerankerTraining.Job.of(JobFlags.values(spec));
      TrainingLoop.Result r = RerankerTraining.train(job, options.progress(),
          line -> println(out, line + " from " + job.examples().file()));
      out.println(r.summary("groups"));
      out.printf("model written to %s (log: %s)%n", job.out(), job.out().resolve("log.jsonl"));
      return FoilCli.OK;
    }
  }

  /** {@code foil train fn-adapter}. */
  @Command(name = "fn-adapter", mixinStandardHelpOptions = true,
      description = {"Train the learned false-negative adapter (RRRA-style) by holding out judged positives among",
          "the dense top hits. Reads queries and positives (with ids: mine with --format ids) and the base model's --store."})
  static final class FnAdapter implements Callable<Integer>, JobFlags.Declared {
    static final JobOption<String> EVAL_SPLIT = JobOption.of("eval-split", String.class, null,
        "report the AUC of P(false negative) on planted false negatives of --data's split NAME").label("NAME");
    static final JobOption<Integer> EVAL_DEPTH = JobOption.of("eval-depth", Integer.class, 100,
        "dense candidates per query for --eval-split");
    static final JobOptions OPTIONS = FnAdapterTraining.OPTIONS.with("foil train fn-adapter",
        List.of(EVAL_SPLIT, EVAL_DEPTH));

    @Spec CommandSpec spec;
    @Mixin RunOptions options;

    @Override
    public JobOptions jobOptions() {
      return OPTIONS;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      JobOptions.Values v = JobFlags.values(spec);
      FnAdapterTraining.Job job = FnAdapterTraining.Job.of(v);
      String evalSplit = v.get(EVAL_SPLIT);
      if (evalSplit != null && job.examples().dataset() == null) {
        throw new IllegalArgumentException("--eval-split needs --data");
      }
      TrainingLoop.Result r = FnAdapterTraining.train(job, options.threads, options.progress(),
          line -> println(out, line + " from " + job.examples().file()));
      out.println(r.summary("rows"));
      out.printf("model written to %s%n", job.out());
      if (evalSplit != null) {
        try (EmbeddingStore st = EmbeddingStore.open(job.store());
            Encoder encoder = Encoders.open(st.manifest().modelSource(), st.manifest().maxLength(), 8, options.threads);
            FnAdapterModel model = FnAdapterModel.open(job.out(), Devices.preferred())) {
          EstimatorComparison c = EstimatorComparison.run(job.examples().beir(), evalSplit, st, encoder,
              new LearnedFalseNegativeEstimator(model, st, encoder, st.docIds()), v.get(EVAL_DEPTH), options.threads);
          out.printf(Locale.ROOT, "AUC of P(false negative), planted false negatives vs other candidates of %d %s queries"
              + " (%,d planted, %,d others):%n  learned adapter %.4f%n  teacher margin (dense, tau 0.05) %.4f%n",
              c.queries(), evalSplit, c.planted(), c.others(), c.learnedAuc(), c.baselineAuc());
        }
      }
      return FoilCli.OK;
    }
  }

  /** {@code foil train cet}. */
  @Command(name = "cet", mixinStandardHelpOptions = true,
      description = {"Learn CET's selection model P(judged | rank) jointly with a relevance model over retrieval scores",
          "(Cai et al., CIKM 2022), from the pools of judged training queries; `foil mine --cet DIR` uses it."})
  static final class Cet implements Callable<Integer>, JobFlags.Declared {
    private static final JobOptions SOURCES = new JobOptions("foil train cet", SourceOptions.ALL);

    @Spec CommandSpec spec;

    @Override
    public JobOptions jobOptions() {
      return SOURCES;
    }

    @Option(names = "--queries", required = true, paramLabel = "FILE", description = "queries.jsonl")
    Path queries;

    @Option(names = "--split", defaultValue = "train", description = "qrels/NAME.tsv beside the queries (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--depth", defaultValue = "100", description = "candidates per source (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--reference", paramLabel = "SOURCE", description = "source whose ranks decide selection (default: bm25 if given)")
    String reference;

    @Option(names = "--rounds", defaultValue = "10", description = "alternating rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--unranked", defaultValue = "1000", description = "rank assumed for unranked candidates (default: ${DEFAULT-VALUE})")
    int unranked;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model directory to write")
    Path out;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      PrintWriter o = spec.commandLine().getOut();
      Path qrels = queries.toAbsolutePath().getParent().resolve("qrels").resolve(split + ".tsv");
      CetTraining.Result c = CetTraining.train(new CetTraining.Job(queries, qrels, SourceOptions.chosen(JobFlags.values(spec)), reference,
          depth, rounds, unranked, out), options.threads, options.progress(), FoilCli.warnings(spec.commandLine().getErr()));
      CetTrainer.Result r = c.trained();
      o.printf(Locale.ROOT, "learned CET from %,d pools in %.2f s; log-likelihood per row %.5f -> %.5f%n", c.pools(),
          c.seconds(), r.logLikelihood()[0], r.logLikelihood()[rounds - 1]);
      o.printf(Locale.ROOT, "selection  P(judged) = sigmoid(%.3f %+.3f log(1+rank_%s) %+.3f unranked)%n",
          r.model().beta()[0], r.model().beta()[1], c.reference(), r.model().beta()[2]);
      StringBuilder rel = new StringBuilder(String.format(Locale.ROOT, "relevance  P(relevant) = sigmoid(%.3f", r.model().alpha()[0]));
      for (int s = 0; s < c.sources().size(); s++) {
        rel.append(String.format(Locale.ROOT, " %+.3f z(%s)", r.model().alpha()[1 + s], c.sources().get(s)));
      }
      o.println(rel.append(")"));
      o.printf("model written to %s%n", out);
      return FoilCli.OK;
    }
  }

  private static void println(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }
}
