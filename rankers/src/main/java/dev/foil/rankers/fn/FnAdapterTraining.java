package dev.foil.rankers.fn;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import dev.foil.samplers.format.TrainingExample;
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

  /**
   * What to train.
   *
   * @param store the corpus's embedding store (its model encodes the queries)
   * @param hidden hidden units
   * @param depth dense candidates per training query
   */
  public record Job(List<TrainingExample> examples, Path store, int hidden, int depth, int batchSize, int epochs,
      float learningRate, long seed, Path out, boolean resume) {
    public Job {
      Objects.requireNonNull(examples, "examples");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(out, "out");
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
      FnAdapterTrainer.Rows rows = FnAdapterTrainer.rows(job.examples(), st, encoder, job.depth(), threads);
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
