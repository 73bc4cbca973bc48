package dev.foil.rankers.fn;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.rankers.TrainerOptions;
import dev.foil.samplers.format.TrainingSet;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Training the learned false-negative adapter, the use case behind {@code foil train fn-adapter}:
 * judged positives held out among the dense top hits of the store make the rows.
 */
public final class FnAdapterTraining {
  private FnAdapterTraining() {}

  /** {@code --store}. */
  public static final JobOption<Path> STORE = JobOption.required("store", Path.class, "DIR",
      "embedding store of the corpus");
  /** {@code --hidden}. */
  public static final JobOption<Integer> HIDDEN = JobOption.of("hidden", Integer.class, 64, "hidden units");
  /** {@code --depth}. */
  public static final JobOption<Integer> DEPTH = JobOption.of("depth", Integer.class, 100,
      "dense candidates per training query");

  /** The options of {@code foil train fn-adapter}, apart from evaluation. */
  public static final JobOptions OPTIONS = new JobOptions("foil train fn-adapter", List.of(TrainerOptions.TRAIN,
      TrainerOptions.DATA, TrainerOptions.COLUMNS, TrainerOptions.OUT, TrainerOptions.EPOCHS, TrainerOptions.BATCH_SIZE, TrainerOptions.LR,
      TrainerOptions.SEED, TrainerOptions.RESUME), List.of(STORE, HIDDEN, DEPTH));

  /**
   * What to train.
   *
   * @param examples the training set (queries and positives), read when training starts
   * @param store the corpus's embedding store (its model encodes the queries)
   * @param hidden hidden units
   * @param depth dense candidates per training query
   */
  public record Job(TrainingSet examples, Path store, int hidden, int depth, int batchSize, int epochs,
      float learningRate, long seed, Path out, boolean resume) {
    public Job {
      Objects.requireNonNull(examples, "examples");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(out, "out");
    }

    /** The job that {@code values} of {@link #OPTIONS} describe. */
    public static Job of(JobOptions.Values v) {
      return new Job(TrainerOptions.trainingSet(v), v.get(STORE), v.get(HIDDEN), v.get(DEPTH),
          v.get(TrainerOptions.BATCH_SIZE), v.get(TrainerOptions.EPOCHS), v.get(TrainerOptions.LR),
          v.get(TrainerOptions.SEED), v.get(TrainerOptions.OUT), v.get(TrainerOptions.RESUME));
    }
  }

  /**
   * Trains {@code job}; the model is written to {@code job.out()}.
   *
   * @param log receives one line when training starts (rows and held-out positives)
   */
  public static TrainingLoop.Result train(Job job, int threads, ProgressListener progress, Consumer<String> log)
      throws IOException {
    try (EmbeddingStore st = EmbeddingStore.open(job.store());
        Encoder encoder = Encoders.open(st.manifest().modelSource(), st.manifest().maxLength(), 8, threads);
        FnAdapterModel model = FnAdapterModel.create(st.dimension(), job.hidden(), st.manifest().cacheKey(), job.seed(),
            Devices.preferred())) {
      FnAdapterTrainer.Rows rows = FnAdapterTrainer.rows(job.examples().read(), st, encoder, job.depth(), threads);
      double heldOut = 0;
      for (float l : rows.labels()) {
        heldOut += l;
      }
      log.accept(String.format(Locale.ROOT, "training false-negative adapter on %,d rows (%,d held-out positives)",
          rows.count(), (long) heldOut));
      return new FnAdapterTrainer(model).train(rows, job.batchSize(), job.epochs(), job.learningRate(), job.seed(),
          job.out(), job.resume(), progress);
    }
  }
}
