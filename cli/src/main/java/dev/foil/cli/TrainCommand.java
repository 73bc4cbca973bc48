package dev.foil.cli;

import dev.foil.eval.training.BiEncoderEvaluation;
import dev.foil.eval.training.EstimatorComparison;
import dev.foil.index.data.BeirDataset;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.Encoders;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.source.Bm25Source;
import dev.foil.rankers.biencoder.BiEncoderModel;
import dev.foil.rankers.biencoder.BiEncoderSettings;
import dev.foil.rankers.biencoder.BiEncoderTraining;
import dev.foil.rankers.cet.CetTrainer;
import dev.foil.rankers.cet.CetTraining;
import dev.foil.rankers.fn.FnAdapterModel;
import dev.foil.rankers.fn.FnAdapterTraining;
import dev.foil.rankers.fn.LearnedFalseNegativeEstimator;
import dev.foil.rankers.rerank.RerankerSettings;
import dev.foil.rankers.rerank.RerankerTraining;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foil train}: trains the models that consume mined negatives. */
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
  static final class BiEncoder implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin TrainOptions train;

    @Option(names = "--mode", defaultValue = "query-side", description = "query-side or full (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--store", paramLabel = "DIR",
        description = "embedding store of the corpus by the base model: fixed passage vectors and evaluation")
    Path store;

    @Option(names = "--negatives", defaultValue = "7", description = "mined negatives per query per step (default: ${DEFAULT-VALUE})")
    int negatives;

    @Option(names = "--temperature", defaultValue = "0.05", description = "InfoNCE τ (default: ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--no-in-batch", description = "no in-batch negatives")
    boolean noInBatch;

    @Option(names = "--query-max-length", defaultValue = "64", description = "query tokens (default: ${DEFAULT-VALUE})")
    int queryMaxLength;

    @Option(names = "--passage-max-length", defaultValue = "256", description = "passage tokens (default: ${DEFAULT-VALUE})")
    int passageMaxLength;

    @Option(names = "--eval-split", paramLabel = "NAME",
        description = "evaluate after each epoch on --data's qrels/NAME.tsv against --store (nDCG@10, R@100)")
    String evalSplit;

    @Option(names = "--refresh-every", defaultValue = "0", paramLabel = "STEPS",
        description = "re-mine the training set with the current model every STEPS steps (query-side; needs --index)")
    int refreshEvery;

    @Option(names = "--index", paramLabel = "DIR", description = "BM25 index: document texts and a second source for re-mining")
    Path index;

    @Option(names = "--sampler", defaultValue = MiningSettings.SAMPLER, description = "sampler for re-mining (default: ${DEFAULT-VALUE})")
    String sampler;

    @Option(names = "--mine-n", defaultValue = "" + MiningSettings.NEGATIVES, description = "negatives per query when re-mining (default: ${DEFAULT-VALUE})")
    int mineN;

    @Option(names = "--mine-depth", defaultValue = "" + MiningSettings.DEPTH, description = "candidates per source when re-mining (default: ${DEFAULT-VALUE})")
    int mineDepth;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      BiEncoderModel.Mode m = BiEncoderModel.Mode.parse(mode);
      BeirDataset dataset = train.dataset();
      BiEncoderSettings settings = new BiEncoderSettings(train.batchSize, negatives, train.epochs, train.lr,
          train.warmup, train.weightDecay, train.maxGradNorm, temperature, train.dropout, !noInBatch, train.seed,
          train.checkpointEvery, refreshEvery);
      if (evalSplit != null && (dataset == null || store == null)) {
        throw new IllegalArgumentException("--eval-split needs --data and --store");
      }
      BiEncoderTraining.Remine remine = index == null ? null : new BiEncoderTraining.Remine(Bm25Source.of(index),
          MiningSettings.defaults().withSampler(sampler).withN(mineN).withSeed(train.seed)
              .withDepth(mineDepth, PooledCandidateSource.DEFAULT_RRF_K));
      var job = new BiEncoderTraining.Job(train.examples(), EncoderModel.resolve(train.base), m, train.heads,
          queryMaxLength, passageMaxLength, store, settings, remine, train.out, train.resume);
      BiEncoderTraining.Evaluation evaluation = evalSplit == null ? null
          : st -> BiEncoderEvaluation.hooks(dataset, evalSplit, st, m, options.threads,
              FoilCli.warnings(spec.commandLine().getErr()));
      TrainingLoop.Result r = BiEncoderTraining.train(job, evaluation, options.threads, options.progress(),
          line -> println(out, line + " from " + train.train));
      report(out, r, "examples");
      r.metrics().forEach((k, v) -> out.printf(Locale.ROOT, "%s %.4f%n", k, v));
      out.printf("model written to %s (log: %s)%n", train.out, train.out.resolve("log.jsonl"));
      return FoilCli.OK;
    }
  }

  /** {@code foil train reranker}. */
  @Command(name = "reranker", mixinStandardHelpOptions = true,
      description = "Train a MiniLM cross-encoder listwise: one positive and n mined negatives per group.")
  static final class Reranker implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin TrainOptions train;

    @Option(names = "--negatives", defaultValue = "7", description = "negatives per group (default: ${DEFAULT-VALUE})")
    int negatives;

    @Option(names = "--groups-per-step", defaultValue = "4", description = "query groups per step (default: ${DEFAULT-VALUE})")
    int groups;

    @Option(names = "--max-length", defaultValue = "256", description = "tokens per query–passage pair (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      RerankerSettings settings = new RerankerSettings(groups, negatives, train.epochs, train.lr, train.warmup,
          train.weightDecay, train.maxGradNorm, train.dropout, train.seed, train.checkpointEvery);
      TrainingLoop.Result r = RerankerTraining.train(new RerankerTraining.Job(train.examples(),
          EncoderModel.resolve(train.base), train.heads, maxLength, settings, train.out, train.resume),
          options.progress(), line -> println(out, line + " from " + train.train));
      report(out, r, "groups");
      out.printf("model written to %s (log: %s)%n", train.out, train.out.resolve("log.jsonl"));
      return FoilCli.OK;
    }
  }

  /** {@code foil train fn-adapter}. */
  @Command(name = "fn-adapter", mixinStandardHelpOptions = true,
      description = {"Train the learned false-negative adapter (RRRA-style) by holding out judged positives among",
          "the dense top hits. Reads queries and positives (with ids: mine with --format ids) and the base model's --store."})
  static final class FnAdapter implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin TrainOptions train;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "embedding store of the corpus")
    Path store;

    @Option(names = "--hidden", defaultValue = "64", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--depth", defaultValue = "100", description = "dense candidates per training query (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--eval-split", paramLabel = "NAME",
        description = "report the AUC of P(false negative) on planted false negatives of --data's split NAME")
    String evalSplit;

    @Option(names = "--eval-depth", defaultValue = "100", description = "dense candidates per query for --eval-split (default: ${DEFAULT-VALUE})")
    int evalDepth;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      BeirDataset dataset = train.dataset();
      if (evalSplit != null && dataset == null) {
        throw new IllegalArgumentException("--eval-split needs --data");
      }
      TrainingLoop.Result r = FnAdapterTraining.train(new FnAdapterTraining.Job(train.examples(), store, hidden, depth,
          train.batchSize, train.epochs, train.lr, train.seed, train.out, train.resume), options.threads,
          options.progress(), line -> println(out, line + " from " + train.train));
      report(out, r, "rows");
      out.printf("model written to %s%n", train.out);
      if (evalSplit != null) {
        try (EmbeddingStore st = EmbeddingStore.open(store);
            Encoder encoder = Encoders.open(st.manifest().modelSource(), st.manifest().maxLength(), 8, options.threads);
            FnAdapterModel model = FnAdapterModel.open(train.out, Devices.preferred())) {
          EstimatorComparison c = EstimatorComparison.run(dataset, evalSplit, st, encoder,
              new LearnedFalseNegativeEstimator(model, st, encoder, st.docIds()), evalDepth, options.threads);
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
  static final class Cet implements Callable<Integer> {
    @Spec CommandSpec spec;

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

    @Mixin SourceOptions sourceOptions;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      PrintWriter o = spec.commandLine().getOut();
      Path qrels = queries.toAbsolutePath().getParent().resolve("qrels").resolve(split + ".tsv");
      CetTraining.Result c = CetTraining.train(new CetTraining.Job(queries, qrels, sourceOptions.chosen(), reference,
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

  /** The summary line every trainer prints: steps, time, throughput and the loss at both ends. */
  static void report(PrintWriter out, TrainingLoop.Result r, String unit) {
    out.printf(Locale.ROOT, "%d steps%s in %.1f s (%.2f %s/s, %.2f s/step); loss %.4f -> %.4f%s%s%n", r.steps(),
        r.resumedFromStep() > 0 ? " (resumed at " + r.resumedFromStep() + ")" : "", r.seconds(), r.examplesPerSecond(),
        unit, r.seconds() / Math.max(1, r.steps() - r.resumedFromStep()), r.firstLoss(), r.lastLoss(),
        r.retriedSteps() > 0 ? "; " + r.retriedSteps() + " steps run twice (non-finite gradient the first time)" : "",
        r.skippedSteps() > 0 ? "; " + r.skippedSteps() + " steps skipped (non-finite gradient)" : "");
  }

  private static void println(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }
}
