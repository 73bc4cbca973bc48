package dev.foil.rankers.biencoder;

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
import dev.foil.train.TrainingLog;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Trains a {@link BiEncoderModel} with {@link InfoNce} on mined examples: AdamW with linear warm-up and
 * decay, gradient clipping, a JSON log of every step, checkpoints every few steps from which an
 * interrupted run resumes exactly, optional evaluations, and optional re-mining with the model being
 * trained (SimANS and ANCE refresh their negatives this way; Xiong et al., ICLR 2021).
 */
public final class BiEncoderTrainer {
  /** Callbacks into what the trainer does not know: evaluation and re-mining. */
  public interface Hooks {
    /** Metrics of the current model, logged; empty for none. */
    default Map<String, Double> evaluate(BiEncoderModel model) throws IOException {
      return Map.of();
    }

    /** A new training set mined with the current model; the old one to keep it. */
    default List<TrainingExample> refresh(BiEncoderModel model, List<TrainingExample> current) throws IOException {
      return current;
    }
  }

  private final BiEncoderModel model;
  private final BiEncoderSettings s;
  private final PassageVectors fixed;
  private List<TrainingExample> data;

  /**
   * @param fixed passage vectors for {@link BiEncoderModel.Mode#QUERY_SIDE}; ignored (may be null) in full mode
   */
  public BiEncoderTrainer(BiEncoderModel model, BiEncoderSettings settings, PassageVectors fixed) {
    if (model.mode() == BiEncoderModel.Mode.QUERY_SIDE && fixed == null) {
      throw new IllegalArgumentException("query-side training needs fixed passage vectors");
    }
    this.model = model;
    this.s = settings;
    this.fixed = fixed;
  }

  /**
   * Trains on {@code examples}, writing the model, {@code log.jsonl} and checkpoints under {@code out}.
   *
   * @param resume continue from {@code out/checkpoint} when it exists
   */
  public TrainingLoop.Result train(List<TrainingExample> examples, Path out, boolean resume, ProgressListener progress,
      Hooks hooks) throws IOException {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    data = examples;
    int perEpoch = (examples.size() + s.batchSize() - 1) / s.batchSize();
    MiniLm tower = model.queryTower();
    String fingerprint = "bi-encoder:" + model.mode().label() + ":" + examples.size() + ":" + s;
    TrainingLoop loop = new TrainingLoop(tower.parameters(), tower.manager(), new TrainingLoop.Plan(perEpoch,
        s.epochs(), s.learningRate(), s.warmup(), s.weightDecay(), s.maxGradNorm(), s.seed(), s.checkpointEvery(),
        fingerprint));
    if (fixed != null) {
      fixed.prefetch(allPassages(data), progress);
    }
    TrainingLoop.Result r = loop.run(out, resume, (step, epoch) -> {
      int[] order = TrainingLoop.epochOrder(data.size(), s.seed(), epoch);
      int from = (step % perEpoch) * s.batchSize();
      int to = Math.min(order.length, from + s.batchSize());
      return new TrainingLoop.Outcome(step(data, order, from, to, epoch), to - from);
    }, new TrainingLoop.Hooks() {
      @Override
      public void beforeStep(int step, boolean resumed, TrainingLog log) throws IOException {
        int every = s.refreshEvery();
        if (every > 0 && step > 0 && (step % every == 0 || (resumed && step >= every))) {
          long t0 = System.nanoTime();
          List<TrainingExample> fresh = hooks.refresh(model, data);
          if (fresh.isEmpty()) {
            throw new IllegalStateException("re-mining returned no examples");
          }
          if (fresh.size() != examples.size()) {
            throw new IllegalStateException("re-mining returned " + fresh.size() + " examples for " + examples.size());
          }
          data = fresh;
          if (fixed != null) {
            fixed.prefetch(allPassages(fresh), ProgressListener.NONE);
          }
          log.event(step, "refresh", Map.of("examples", fresh.size(), "seconds", (System.nanoTime() - t0) / 1e9));
        }
      }

      @Override
      public Map<String, Double> beforeTraining() throws IOException {
        return hooks.evaluate(model);
      }

      @Override
      public Map<String, Double> afterEpoch(int epoch, int step) throws IOException {
        return hooks.evaluate(model);
      }
    }, progress);
    model.save(out);
    return r;
  }

  /** One forward and backward pass; returns the loss. */
  private double step(List<TrainingExample> data, int[] order, int from, int to, int epoch) {
    MiniLm tower = model.queryTower();
    List<String> queries = new ArrayList<>();
    List<Passage> candidates = new ArrayList<>();
    List<Set<String>> positiveKeys = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    List<List<Passage>> negs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      TrainingExample ex = data.get(order[i]);
      SplittableRandom rng = new SplittableRandom(Seeds.mix(s.seed(), epoch, order[i]));
      queries.add(model.base().queryPrefix() + ex.query());
      candidates.add(ex.positives().get(rng.nextInt(ex.positives().size())));
      owners.add(i - from);
      Set<String> keys = new HashSet<>();
      ex.positives().forEach(p -> keys.add(p.key()));
      positiveKeys.add(keys);
      negs.add(choose(ex.negatives(), s.negatives(), rng));
    }
    for (int q = 0; q < negs.size(); q++) {
      for (Passage p : negs.get(q)) {
        candidates.add(p);
        owners.add(q);
      }
    }
    int[] owner = owners.stream().mapToInt(Integer::intValue).toArray();
    float[] bias = InfoNce.bias(candidates, owner, positiveKeys, s.inBatch());
    try (NDScope scope = new NDScope(); NDManager m = tower.manager().newSubManager();
        GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
      NDArray q = tower.sentenceEmbedding(model.queryTokenizer().batch(m, queries), s.dropout(), true);
      NDArray p;
      if (model.mode() == BiEncoderModel.Mode.FULL) {
        List<String> texts = candidates.stream().map(c -> model.base().passagePrefix() + c.text()).toList();
        p = tower.sentenceEmbedding(model.passageTokenizer().batch(m, texts), s.dropout(), true);
      } else {
        p = m.create(fixed.matrix(candidates), new Shape(candidates.size(), fixed.dimension()));
      }
      NDArray loss = InfoNce.loss(q, p, bias, s.temperature());
      gc.backward(loss);
      return loss.getFloat();
    }
  }

  /** Up to {@code n} of {@code negatives}: all when they fit, else a seeded sample in their order. */
  static List<Passage> choose(List<Passage> negatives, int n, SplittableRandom rng) {
    if (negatives.size() <= n) {
      return negatives;
    }
    int[] idx = new int[negatives.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    java.util.Arrays.sort(idx, 0, n);
    List<Passage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(negatives.get(idx[i]));
    }
    return out;
  }

  /** The seeded order of examples in {@code epoch}. */
  private static List<Passage> allPassages(List<TrainingExample> data) {
    Map<String, Passage> all = new LinkedHashMap<>();
    for (TrainingExample ex : data) {
      ex.positives().forEach(p -> all.putIfAbsent(p.key(), p));
      ex.negatives().forEach(p -> all.putIfAbsent(p.key(), p));
    }
    return new ArrayList<>(all.values());
  }
}
