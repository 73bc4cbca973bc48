package dev.foil.eval.experiment;

import dev.foil.eval.training.EvaluatedTraining;
import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStoreBuilder;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.run.RunSearch;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.DenseSource;
import dev.foil.index.source.SourceSet;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.samplers.mining.MiningService;
import dev.foil.samplers.mining.MiningSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What a step of an experiment does, as the typed job of a library service; the runner calls it
 * directly, and {@link Step#args()} renders the same step as the {@code foil} command line a user
 * would type (for the report, and for the cache's fingerprint).
 */
public sealed interface StepAction {
  /**
   * Runs the step.
   *
   * @param threads threads for the service
   * @param log receives what the step did, line by line (the step's log)
   * @param warnings receives the service's warnings (they go to the step's log too)
   */
  void run(int threads, Consumer<String> log, Consumer<String> warnings) throws Exception;

  /** {@code foil generate}: the synthetic collection. */
  record Generate(SyntheticCollection.Parameters parameters, Path out) implements StepAction {
    @Override
    public void run(int threads, Consumer<String> log, Consumer<String> warnings) throws Exception {
      log.accept(SyntheticCollection.write(parameters, out, false).describe(parameters.seed()) + " -> " + out);
    }
  }

  /** {@code foil index} with Anserini's analysis and BM25 parameters. */
  record Index(Path corpus, Path index) implements StepAction {
    @Override
    public void run(int threads, Consumer<String> log, Consumer<String> warnings) throws Exception {
      IndexManifest m = Bm25Indexer.anseriniDefaults(threads)
          .build(corpus.resolve("corpus.jsonl"), index, false, ProgressListener.NONE);
      log.accept(String.format(Locale.ROOT, "indexed %,d documents (%s) into %s", m.documents(), m.analysis(), index));
    }
  }

  /** {@code foil encode}: the corpus's embedding store. */
  record Encode(Path corpus, String model, Integer maxLength, Path out) implements StepAction {
    /** Texts per forward pass, as {@code foil encode}'s default. */
    static final int BATCH = 8;

    @Override
    public void run(int threads, Consumer<String> log, Consumer<String> warnings) throws Exception {
      try (Encoder encoder = Encoders.open(model, maxLength, BATCH, threads)) {
        EmbeddingStoreBuilder.Report r = EmbeddingStoreBuilder.build(corpus.resolve("corpus.jsonl"), encoder, out,
            ProgressListener.NONE, warnings);
        log.accept(String.format(Locale.ROOT, "encoded %,d of %,d texts with %s -> %s", r.encoded(), r.documents(),
            encoder.name(), out));
      }
    }
  }

  /** {@code foil search}. */
  record Search(RunSearch.Job job) implements StepAction {
    @Override
    public void run(int threads, Consumer<String> log, Consumer<String> warnings) throws Exception {
      RunSearch.Result r = RunSearch.search(job, threads, ProgressListener.NONE, warnings);
      log.accept(String.format(Locale.ROOT, "searched %,d queries (%,d hits) into %s", r.queries(), r.hits(),
          job.out()));
    }
  }

  /**
   * {@code foil mine}; the planted false negatives beside the queries are looked for when it runs (a
   * generated collection has them only then).
   */
  record Mine(Path queries, Path qrels, SourceSet sources, Bm25Source texts, DenseSource store, Path poolCache,
      Path out, MiningSettings settings) implements StepAction {
    /** Queries per chunk, as {@code foil mine}'s default; the output does not depend on it. */
    static final int CHUNK = 256;

    @Override
    public void run(int threads, Consumer<String> log, Consumer<String> warnings) throws Exception {
      MiningService.Job job = new MiningService.Job(queries, qrels, MiningService.plantedBeside(queries), sources,
          texts, store, poolCache, null, out);
      MiningService.Result r = MiningService.mine(job, settings, new MiningService.Execution(CHUNK, threads, false, true),
          ProgressListener.NONE, warnings);
      log.accept(String.format(Locale.ROOT, "mined %,d queries (%,d negatives) into %s%s", r.anchors(),
          r.outcome().stats().negatives, out, poolCache == null ? "" : String.format(Locale.ROOT,
              "; candidate pools: %,d queries read from %s, %,d computed and stored", r.poolCacheHits(), poolCache,
              r.poolCacheMisses())));
    }
  }

  /** {@code foil train bi-encoder}, evaluated after each epoch when the training says so. */
  record TrainBiEncoder(EvaluatedTraining.BiEncoder training) implements StepAction {
    @Override
    public void run(int threads, Consumer<String> log, Consumer<String> warnings) throws Exception {
      EvaluatedTraining.train(training, threads, ProgressListener.NONE, warnings, log);
    }
  }

  /** {@code foil recsys train}, evaluated by full ranking. */
  record TrainRecsys(EvaluatedTraining.Recsys training) implements StepAction {
    @Override
    public void run(int threads, Consumer<String> log, Consumer<String> warnings) throws Exception {
      EvaluatedTraining.train(training, ProgressListener.NONE, log);
    }
  }
}
