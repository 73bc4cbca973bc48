package dev.foil.cli;

import dev.foil.eval.metrics.Metric;
import dev.foil.eval.training.DenseEvaluation;
import dev.foil.eval.training.EstimatorComparison;
import dev.foil.index.CandidateSource;
import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.Query;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.Encoders;
import dev.foil.index.dense.OnnxEncoder;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.rankers.biencoder.BiEncoderModel;
import dev.foil.rankers.biencoder.BiEncoderSettings;
import dev.foil.rankers.biencoder.BiEncoderTrainer;
import dev.foil.rankers.biencoder.PassageVectors;
import dev.foil.rankers.biencoder.Remining;
import dev.foil.rankers.cet.CetTrainer;
import dev.foil.index.data.BeirTexts;
import dev.foil.samplers.format.TrainingExample;
import dev.foil.rankers.fn.FnAdapterModel;
import dev.foil.rankers.fn.FnAdapterTrainer;
import dev.foil.rankers.fn.LearnedFalseNegativeEstimator;
import dev.foil.rankers.rerank.CrossEncoderModel;
import dev.foil.rankers.rerank.RerankerSettings;
import dev.foil.rankers.rerank.RerankerTrainer;
import dev.foil.samplers.SamplerRegistry;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.mining.Anchors;
import dev.foil.samplers.mining.MiningRun;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.SourceSet;
import dev.foil.samplers.pipeline.TextLookup;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
      List<TrainingExample> examples = train.examples();
      BiEncoderSettings settings = new BiEncoderSettings(train.batchSize, negatives, train.epochs, train.lr,
          train.warmup, train.weightDecay, train.maxGradNorm, temperature, train.dropout, !noInBatch, train.seed,
          train.checkpointEvery, refreshEvery);
      if (refreshEvery > 0 && (index == null || store == null || m != BiEncoderModel.Mode.QUERY_SIDE)) {
        throw new IllegalArgumentException("--refresh-every needs --mode query-side, --store and --index");
      }
      if (evalSplit != null && (dataset == null || store == null)) {
        throw new IllegalArgumentException("--eval-split needs --data and --store");
      }
      if (m == BiEncoderModel.Mode.QUERY_SIDE && store == null) {
        throw new IllegalArgumentException("query-side training needs --store: the fixed passage vectors");
      }
      EncoderModel base = EncoderModel.resolve(train.base);
      try (EmbeddingStore st = store == null ? null : EmbeddingStore.open(store);
          OnnxEncoder frozen = new OnnxEncoder(base, st == null ? passageMaxLength : st.manifest().maxLength(), 8,
              options.threads);
          BiEncoderModel model = BiEncoderModel.create(base, m, train.heads, queryMaxLength,
              st == null ? passageMaxLength : st.manifest().maxLength(), Devices.preferred());
          Bm25Index bm25 = refreshEvery > 0 ? Bm25Index.open(index, IndexManifest.read(index).bm25()) : null) {
        PassageVectors fixed = m == BiEncoderModel.Mode.QUERY_SIDE ? new PassageVectors(st, frozen) : null;
        BiEncoderTrainer.Hooks evaluation = evalSplit == null ? new BiEncoderTrainer.Hooks() {}
            : evaluation(dataset, evalSplit, st, m, options.threads);
        Remining remining = bm25 == null ? null
            : new Remining(MiningSettings.defaults().withSampler(sampler).withN(mineN).withSeed(train.seed)
                .withDepth(mineDepth, PooledCandidateSource.DEFAULT_RRF_K), List.of(bm25), st, frozen,
                TextLookup.of(bm25), bm25.docIds(), options.threads);
        BiEncoderTrainer.Hooks hooks = new BiEncoderTrainer.Hooks() {
          @Override
          public Map<String, Double> evaluate(BiEncoderModel model) throws IOException {
            return evaluation.evaluate(model);
          }

          @Override
          public List<TrainingExample> refresh(BiEncoderModel model, List<TrainingExample> current) throws IOException {
            return remining == null ? current : remining.refresh(model, current);
          }
        };
        out.printf(Locale.ROOT, "training %s bi-encoder on %,d examples from %s (%s, device %s)%n", m.label(),
            examples.size(), train.train, base.name(), model.queryTower().manager().getDevice());
        out.flush();
        TrainingLoop.Result r = new BiEncoderTrainer(model, settings, fixed)
            .train(examples, train.out, train.resume, options.progress(), hooks);
        report(out, r, "examples");
        r.metrics().forEach((k, v) -> out.printf(Locale.ROOT, "%s %.4f%n", k, v));
        out.printf("model written to %s (log: %s)%n", train.out, train.out.resolve("log.jsonl"));
      }
      return Foil.OK;
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
      List<TrainingExample> examples = train.examples();
      RerankerSettings settings = new RerankerSettings(groups, negatives, train.epochs, train.lr, train.warmup,
          train.weightDecay, train.maxGradNorm, train.dropout, train.seed, train.checkpointEvery);
      try (CrossEncoderModel model = CrossEncoderModel.create(EncoderModel.resolve(train.base), train.heads, maxLength,
          train.seed, Devices.preferred())) {
        out.printf(Locale.ROOT, "training reranker on %,d examples from %s (%s, maxLength %d, device %s)%n",
            examples.size(), train.train, train.base, maxLength, model.encoder().manager().getDevice());
        out.flush();
        TrainingLoop.Result r = new RerankerTrainer(model, settings)
            .train(examples, train.out, train.resume, options.progress(), m -> Map.of());
        report(out, r, "groups");
        out.printf("model written to %s (log: %s)%n", train.out, train.out.resolve("log.jsonl"));
      }
      return Foil.OK;
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
      List<TrainingExample> examples = train.examples();
      try (EmbeddingStore st = EmbeddingStore.open(store);
          Encoder encoder = Encoders.open(st.manifest().modelSource(), st.manifest().maxLength(), 8, options.threads);
          FnAdapterModel model = FnAdapterModel.create(st.dimension(), hidden, st.manifest().cacheKey(), train.seed,
              Devices.preferred())) {
        FnAdapterTrainer.Rows rows = FnAdapterTrainer.rows(examples, st, encoder, depth, options.threads);
        out.printf(Locale.ROOT, "training false-negative adapter on %,d rows (%,d held-out positives) from %s%n",
            rows.count(), (long) sum(rows.labels()), train.train);
        out.flush();
        TrainingLoop.Result r = new FnAdapterTrainer(model).train(rows, train.batchSize, train.epochs, train.lr,
            train.seed, train.out, train.resume, options.progress());
        report(out, r, "rows");
        out.printf("model written to %s%n", train.out);
        if (evalSplit != null) {
          if (dataset == null) {
            throw new IllegalArgumentException("--eval-split needs --data");
          }
          EstimatorComparison c = EstimatorComparison.run(dataset, evalSplit, st, encoder,
              new LearnedFalseNegativeEstimator(model, st, encoder, st.docIds()), evalDepth, options.threads);
          out.printf(Locale.ROOT, "AUC of P(false negative), planted false negatives vs other candidates of %d %s queries"
              + " (%,d planted, %,d others):%n  learned adapter %.4f%n  teacher margin (dense, tau 0.05) %.4f%n",
              c.queries(), evalSplit, c.planted(), c.others(), c.learnedAuc(), c.baselineAuc());
        }
      }
      return Foil.OK;
    }

    private static double sum(float[] v) {
      double s = 0;
      for (float x : v) {
        s += x;
      }
      return s;
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
      SourceSet sources = sourceOptions.chosen();
      List<String> chosen = sources.names();
      // Selection follows the ranks of the source that decided what was judged: BM25 when pooled.
      String ref = reference != null ? reference.toLowerCase(Locale.ROOT)
          : chosen.contains(Bm25Source.NAME) ? Bm25Source.NAME : chosen.get(0);
      int refIndex = sources.indexOf(ref, "--reference");
      Path qrels = queries.toAbsolutePath().getParent().resolve("qrels").resolve(split + ".tsv");
      try (SourceSet.Opened opened = sources.open(options.threads)) {
        PrintWriter err = spec.commandLine().getErr();
        List<MiningRun.Anchor> anchors = Anchors.read(queries, qrels, opened.sources().get(0).docIds(),
            w -> err.println("foil: warning: " + w));
        PooledCandidateSource pool = new PooledCandidateSource(opened.sources(), depth, PooledCandidateSource.DEFAULT_RRF_K);
        List<CandidatePool> pools = pool.pools(anchors.stream().map(MiningRun.Anchor::query).toList(),
            anchors.stream().map(MiningRun.Anchor::positives).toList(), options.threads, options.progress());
        long t0 = System.nanoTime();
        CetTrainer.Result r = CetTrainer.train(pools, refIndex, unranked, rounds);
        r.model().save(out);
        o.printf(Locale.ROOT, "learned CET from %,d pools in %.2f s; log-likelihood per row %.5f -> %.5f%n", pools.size(),
            (System.nanoTime() - t0) / 1e9, r.logLikelihood()[0], r.logLikelihood()[rounds - 1]);
        o.printf(Locale.ROOT, "selection  P(judged) = sigmoid(%.3f %+.3f log(1+rank_%s) %+.3f unranked)%n",
            r.model().beta()[0], r.model().beta()[1], ref, r.model().beta()[2]);
        StringBuilder rel = new StringBuilder(String.format(Locale.ROOT, "relevance  P(relevant) = sigmoid(%.3f", r.model().alpha()[0]));
        for (int s = 0; s < chosen.size(); s++) {
          rel.append(String.format(Locale.ROOT, " %+.3f z(%s)", r.model().alpha()[1 + s], chosen.get(s)));
        }
        o.println(rel.append(")"));
        o.printf("model written to %s%n", out);
      }
      return Foil.OK;
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

  /**
   * Per-epoch dense evaluation against the store's documents: query vectors from the model being
   * trained; passage vectors from the store (query-side) or re-encoded by the model (full).
   */
  static BiEncoderTrainer.Hooks evaluation(BeirDataset dataset, String split, EmbeddingStore store,
      BiEncoderModel.Mode mode, int threads) throws Exception {
    Qrels qrels = QrelsReader.read(dataset.qrels(split));
    List<Query> queries = SearchCommand.selectQueries(dataset.queries(), dataset.qrels(split), store.docIds(),
        new PrintWriter(System.err, true));
    DenseEvaluation eval = new DenseEvaluation(queries, qrels, store.docIds(),
        Metric.parseList("ndcg@10,recall@100"), 100, threads);
    List<String> queryTexts = queries.stream().map(Query::text).toList();
    // Read once: the store's vectors, or the corpus texts (in store order) that a full model re-encodes.
    float[] fixedPassages = mode == BiEncoderModel.Mode.QUERY_SIDE ? store.toArray() : null;
    List<String> corpus = fixedPassages == null ? List.copyOf(BeirTexts.load(dataset).passages().values()) : null;
    return new BiEncoderTrainer.Hooks() {
      @Override
      public Map<String, Double> evaluate(BiEncoderModel model) {
        float[] passages = fixedPassages != null ? fixedPassages : model.encode(corpus, true, 16);
        return eval.evaluate(model.encode(queryTexts, false, 32), passages, store.dimension());
      }
    };
  }
}
