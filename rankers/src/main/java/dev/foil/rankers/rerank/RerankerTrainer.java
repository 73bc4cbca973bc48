package dev.foil.rankers.rerank;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.foil.index.ProgressListener;
import dev.foil.index.Seeds;
import dev.foil.rankers.model.MiniLm;
import dev.foil.samplers.format.Passage;
import dev.foil.samplers.format.TrainingExample;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Trains a {@link CrossEncoderModel} listwise (localised contrastive estimation; Gao et al., ECIR 2021):
 * each group is one positive and n mined negatives of a query, and the loss is the softmax cross-entropy
 * of the positive among the group's scores, L = −s⁺ + log(e^{s⁺} + Σ_j w_j e^{s_j}), with the samplers'
 * weights w (w = 0 drops a negative). Groups whose query has fewer than n negatives repeat negatives.
 */
public final class RerankerTrainer {
  private final CrossEncoderModel model;
  private final RerankerSettings s;

  public RerankerTrainer(CrossEncoderModel model, RerankerSettings settings) {
    this.model = model;
    this.s = settings;
  }

  /**
   * Trains on the examples that have negatives; writes the model, {@code log.jsonl} and checkpoints.
   *
   * @param evaluate metrics of the current model after each epoch (and before training), or empty
   */
  public TrainingLoop.Result train(List<TrainingExample> examples, Path out, boolean resume, ProgressListener progress,
      Function<CrossEncoderModel, Map<String, Double>> evaluate) throws IOException {
    List<TrainingExample> data = examples.stream().filter(e -> !e.negatives().isEmpty()).toList();
    if (data.isEmpty()) {
      throw new IllegalArgumentException("no training example has negatives");
    }
    int perEpoch = (data.size() + s.groupsPerStep() - 1) / s.groupsPerStep();
    MiniLm lm = model.encoder();
    TrainingLoop loop = new TrainingLoop(model.parameters(), lm.manager(), new TrainingLoop.Plan(perEpoch, s.epochs(),
        s.learningRate(), s.warmup(), s.weightDecay(), s.maxGradNorm(), s.seed(), s.checkpointEvery(),
        "reranker:" + data.size() + ":" + s));
    TrainingLoop.Result r = loop.run(out, resume, (step, epoch) -> {
      int[] order = TrainingLoop.epochOrder(data.size(), s.seed(), epoch);
      int from = (step % perEpoch) * s.groupsPerStep();
      int to = Math.min(order.length, from + s.groupsPerStep());
      return new TrainingLoop.Outcome(step(data, order, from, to, epoch), to - from);
    }, new TrainingLoop.Hooks() {
      @Override
      public Map<String, Double> beforeTraining() {
        return evaluate.apply(model);
      }

      @Override
      public Map<String, Double> afterEpoch(int epoch, int step) {
        return evaluate.apply(model);
      }
    }, progress);
    model.save(out);
    return r;
  }

  private double step(List<TrainingExample> data, int[] order, int from, int to, int epoch) {
    int g = to - from;
    int width = 1 + s.negatives();
    List<String> queries = new ArrayList<>(g * width);
    List<String> passages = new ArrayList<>(g * width);
    float[] bias = new float[g * width];
    for (int i = from; i < to; i++) {
      TrainingExample ex = data.get(order[i]);
      SplittableRandom rng = new SplittableRandom(Seeds.mix(s.seed(), epoch, order[i]));
      Passage pos = ex.positives().get(rng.nextInt(ex.positives().size()));
      List<Passage> negs = choose(ex.negatives(), s.negatives(), rng);
      int row = (i - from) * width;
      queries.add(ex.query());
      passages.add(pos.text());
      for (int j = 0; j < negs.size(); j++) {
        queries.add(ex.query());
        passages.add(negs.get(j).text());
        double w = negs.get(j).weight();
        bias[row + 1 + j] = w == 0 ? -1e9f : (float) Math.log(w);
      }
    }
    MiniLm lm = model.encoder();
    try (NDScope scope = new NDScope(); NDManager m = lm.manager().newSubManager();
        GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
      NDArray scores = model.scores(model.tokenizer().pairBatch(m, queries, passages), s.dropout(), true)
          .reshape(g, width).add(m.create(bias, new Shape(g, width)));
      NDArray loss = scores.logSoftmax(1).get(":, 0").neg().mean();
      gc.backward(loss);
      return loss.getFloat();
    }
  }

  /** Exactly {@code n} negatives: a seeded sample without replacement, or all of them cycled when too few. */
  static List<Passage> choose(List<Passage> negatives, int n, SplittableRandom rng) {
    List<Passage> pool = new ArrayList<>(negatives);
    List<Passage> out = new ArrayList<>(n);
    for (int i = pool.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Passage t = pool.get(i);
      pool.set(i, pool.get(j));
      pool.set(j, t);
    }
    for (int i = 0; i < n; i++) {
      out.add(pool.get(i % pool.size()));
    }
    return out;
  }
}
