package dev.foil.recsys.train;

import ai.djl.ndarray.NDManager;
import dev.foil.index.ProgressListener;
import dev.foil.recsys.data.InteractionData;
import dev.foil.recsys.model.ModelSettings;
import dev.foil.recsys.model.RecModel;
import dev.foil.recsys.model.RecModels;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Training a recommender, the use case behind {@code foil recsys train}: the model trains on negatives
 * from its item sampler with checkpoints (a killed run resumes exactly), is evaluated after chosen
 * epochs by the caller's evaluator, and leaves {@code OUT/model} and {@code OUT/metrics.json}.
 */
public final class RecsysTraining {
  private RecsysTraining() {}

  /** Evaluates a model being trained, e.g. by full ranking of the test items. */
  @FunctionalInterface
  public interface Evaluator {
    Map<String, Double> evaluate(RecModel model, ProgressListener progress) throws IOException;
  }

  /**
   * What to train and where.
   *
   * @param evalEvery evaluate every this many epochs and after the last (0: only after the last)
   * @param out the output directory (model, log, checkpoints, metrics)
   * @param resume continue from {@code out}'s checkpoint
   */
  public record Job(InteractionData data, ModelSettings model, TrainSettings training, int evalEvery, Path out,
      boolean resume) {
    public Job {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(training, "training");
      Objects.requireNonNull(out, "out");
    }
  }

  /**
   * Trains {@code job}.
   *
   * @param epochs receives each evaluation (epoch, metrics incl. {@code epoch} and {@code eval_seconds})
   */
  public static RecsysMetrics train(Job job, Evaluator evaluator, ProgressListener progress,
      BiConsumer<Integer, Map<String, Double>> epochs) throws IOException {
    InteractionData d = job.data();
    int lastEpoch = job.training().epochs();
    try (NDManager manager = NDManager.newBaseManager(Devices.preferred(), Devices.ENGINE);
        RecModel m = RecModels.create(manager, job.model(), d.train())) {
      RecTrainer trainer = new RecTrainer(m, d.train(), job.training());
      TrainingLoop.Hooks hooks = new TrainingLoop.Hooks() {
        @Override
        public Map<String, Double> afterEpoch(int epoch, int step) throws IOException {
          if (epoch != lastEpoch && (job.evalEvery() <= 0 || epoch % job.evalEvery() != 0)) {
            return Map.of();
          }
          long t0 = System.nanoTime();
          Map<String, Double> metrics = new LinkedHashMap<>(evaluator.evaluate(m, progress));
          metrics.put("epoch", (double) epoch);
          metrics.put("eval_seconds", (System.nanoTime() - t0) / 1e9);
          epochs.accept(epoch, metrics);
          return metrics;
        }
      };
      TrainingLoop.Result r = trainer.run(job.out(), job.resume(), hooks, progress);
      RecModels.save(m, job.out().resolve("model"), d.sha256());
      RecsysMetrics metrics = new RecsysMetrics(d.summary(), job.model(), job.training(), r.steps(), r.seconds(),
          r.examplesPerSecond(), r.seconds() / lastEpoch, r.skippedSteps(), r.retriedSteps(), r.metrics());
      metrics.write(job.out());
      return metrics;
    }
  }
}
