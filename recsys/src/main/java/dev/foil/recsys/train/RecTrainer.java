package dev.foil.recsys.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.foil.index.ProgressListener;
import dev.foil.index.Seeds;
import dev.foil.recsys.model.RecModel;
import dev.foil.samplers.items.ItemNegatives;
import dev.foil.samplers.items.ItemSampler;
import dev.foil.samplers.items.ItemSamplers;
import dev.foil.samplers.items.ItemSamplingContext;
import dev.foil.samplers.items.UserItems;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Trains a {@link RecModel} on its sampler's negatives: each epoch visits the training interactions
 * in a seeded order, in batches of (user, positive) pairs; the sampler draws from a generator seeded
 * by (seed, epoch, step), so a seed fixes every batch and negative. Uses the rankers' training loop
 * for AdamW, the JSON log, per-epoch checkpoints and exact resume.
 */
public final class RecTrainer {
  private final RecModel model;
  private final UserItems train;
  private final TrainSettings settings;

  public RecTrainer(RecModel model, UserItems train, TrainSettings settings) {
    this.model = model;
    this.train = train;
    this.settings = settings;
  }

  /** Steps in one epoch. */
  public int stepsPerEpoch() {
    int all = (train.size() + settings.batchSize() - 1) / settings.batchSize();
    return settings.maxStepsPerEpoch() > 0 ? Math.min(all, settings.maxStepsPerEpoch()) : all;
  }

  /**
   * Trains, writing {@code log.jsonl} (and a checkpoint while running) under {@code out}.
   *
   * @param hooks after each epoch, typically an evaluation whose metrics join the log
   */
  public TrainingLoop.Result run(Path out, boolean resume, TrainingLoop.Hooks hooks, ProgressListener progress)
      throws IOException {
    ItemSampler sampler = ItemSamplers.parse(settings.sampler());
    ItemSampler.Draw draw = sampler.bind(new ItemSamplingContext(train, model, model.flipRates()));
    int[] userOf = train.userOfInteraction();
    int steps = stepsPerEpoch();
    int batch = settings.batchSize();
    String fingerprint = model.settings() + "|" + settings + "|" + train;
    TrainingLoop.Plan plan = new TrainingLoop.Plan(steps, settings.epochs(), settings.learningRate(), 0.01f, 0f, 0f,
        settings.seed(), steps, fingerprint);
    int[][] order = new int[1][];
    int[] orderEpoch = {-1};
    TrainingLoop.Step step = (s, epoch) -> {
      if (orderEpoch[0] != epoch) {
        order[0] = TrainingLoop.epochOrder(train.size(), settings.seed(), epoch);
        orderEpoch[0] = epoch;
      }
      int first = (s % steps) * batch;
      int n = Math.min(batch, train.size() - first);
      int[] users = new int[n];
      int[] items = new int[n];
      for (int k = 0; k < n; k++) {
        int x = order[0][first + k];
        users[k] = userOf[x];
        items[k] = train.items()[x];
      }
      ItemNegatives neg = draw.draw(users, settings.negatives(), new SplittableRandom(Seeds.mix(settings.seed(), epoch, s)));
      try (NDManager m = model.manager().newSubManager();
          GradientCollector gc = model.manager().getEngine().newGradientCollector()) {
        NDArray loss = model.loss(m, users, items, neg);
        gc.backward(loss);
        return new TrainingLoop.Outcome(loss.getFloat(), n);
      }
    };
    return new TrainingLoop(model.parameters(), model.manager(), plan).run(out, resume, step, hooks, progress);
  }
}
