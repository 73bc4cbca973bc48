package dev.foil.rankers.biencoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.foil.index.ProgressListener;
import dev.foil.index.Seeds;
import dev.foil.index.data.Query;
import dev.foil.rankers.biencoder.queue.KeyQueue;
import dev.foil.rankers.biencoder.queue.MomentumEncoder;
import dev.foil.rankers.biencoder.queue.QueueFilter;
import dev.foil.rankers.biencoder.queue.QueueFilters;
import dev.foil.rankers.biencoder.queue.QueueNegatives;
import dev.foil.rankers.biencoder.queue.QueueTeacher;
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
 * trained (SimANS and ANCE refresh their negatives this way; Xiong et al., ICLR 2021). With a queue
 * ({@link BiEncoderSettings#queue()}) the passages of earlier steps are further negatives, MoCo-style:
 * the store's fixed vectors in query-side mode, a momentum encoder's in full mode; the queue and that
 * encoder are part of every checkpoint.
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
  private final QueueTeacher teacher;
  private List<TrainingExample> data;
  private KeyQueue queue;
  private QueueFilter queueFilter;
  private MomentumEncoder momentum;
  /** What the step just run asks to enqueue once its update is done: passage keys and their vectors. */
  private List<String> pendingKeys = List.of();
  private float[] pendingVectors = new float[0];
  private QueueNegatives.Counts lastCounts;

  /**
   * @param fixed passage vectors for {@link BiEncoderModel.Mode#QUERY_SIDE}; ignored (may be null) in full mode
   */
  public BiEncoderTrainer(BiEncoderModel model, BiEncoderSettings settings, PassageVectors fixed) {
    this(model, settings, fixed, null);
  }

  /**
   * @param fixed passage vectors for {@link BiEncoderModel.Mode#QUERY_SIDE}; ignored (may be null) in full mode
   * @param teacher leaves likely false negatives out of the queue before its filter, or {@code null}
   */
  public BiEncoderTrainer(BiEncoderModel model, BiEncoderSettings settings, PassageVectors fixed,
      QueueTeacher teacher) {
    if (model.mode() == BiEncoderModel.Mode.QUERY_SIDE && fixed == null) {
      throw new IllegalArgumentException("query-side training needs fixed passage vectors");
    }
    if (teacher != null && !settings.queue().enabled()) {
      throw new IllegalArgumentException("a queue teacher needs a queue (--queue N)");
    }
    this.model = model;
    this.s = settings;
    this.fixed = fixed;
    this.teacher = teacher;
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
    if (s.queue().enabled()) {
      queue = new KeyQueue(s.queue().size(), tower.hidden());
      queueFilter = QueueFilters.parse(s.queue().filter());
      momentum = model.mode() == BiEncoderModel.Mode.FULL ? new MomentumEncoder(tower, s.queue().momentum()) : null;
    }
    try {
      TrainingLoop.Result r = run(loop, out, resume, perEpoch, examples.size(), progress, hooks);
      model.save(out);
      return r;
    } finally {
      if (momentum != null) {
        momentum.close();
      }
      queue = null;
      momentum = null;
    }
  }

  private TrainingLoop.Result run(TrainingLoop loop, Path out, boolean resume, int perEpoch, int size,
      ProgressListener progress, Hooks hooks) throws IOException {
    return loop.run(out, resume, (step, epoch) -> {
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
          if (fresh.size() != size) {
            throw new IllegalStateException("re-mining returned " + fresh.size() + " examples for " + size);
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
      public void afterUpdate(int step, TrainingLog log) {
        if (queue == null) {
          return;
        }
        // MoCo's order: the keys were encoded before the update; the key encoder follows, then the keys enter.
        if (momentum != null) {
          momentum.update();
        }
        queue.offer(pendingKeys, pendingVectors);
        log.event(step + 1, "queue", lastCounts.fields());
      }

      @Override
      public void saveState(Path checkpoint) throws IOException {
        if (queue != null) {
          queue.save(checkpoint.resolve(QUEUE_FILE));
        }
        if (momentum != null) {
          momentum.save(checkpoint.resolve(MOMENTUM_FILE));
        }
      }

      @Override
      public void loadState(Path checkpoint) throws IOException {
        if (queue != null) {
          queue.load(checkpoint.resolve(QUEUE_FILE));
        }
        if (momentum != null) {
          momentum.load(checkpoint.resolve(MOMENTUM_FILE));
        }
      }

      @Override
      public Map<String, Double> afterEpoch(int epoch, int step) throws IOException {
        return hooks.evaluate(model);
      }
    }, progress);
  }

  /** The queue's entries in a checkpoint directory. */
  static final String QUEUE_FILE = "queue.bin";
  /** The momentum encoder's weights in a checkpoint directory. */
  static final String MOMENTUM_FILE = "momentum.params";

  /** One forward and backward pass; returns the loss. */
  private double step(List<TrainingExample> data, int[] order, int from, int to, int epoch) throws IOException {
    MiniLm tower = model.queryTower();
    List<String> queries = new ArrayList<>();
    List<Query> batchQueries = new ArrayList<>();
    List<Passage> candidates = new ArrayList<>();
    List<Set<String>> positiveKeys = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    List<List<Passage>> negs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      TrainingExample ex = data.get(order[i]);
      SplittableRandom rng = new SplittableRandom(Seeds.mix(s.seed(), epoch, order[i]));
      queries.add(model.base().queryPrefix() + ex.query());
      batchQueries.add(new Query(ex.queryId(), ex.query()));
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
    int b = queries.size();
    int c = candidates.size();
    boolean full = model.mode() == BiEncoderModel.Mode.FULL;
    float[] fixedVectors = full ? null : fixed.matrix(candidates);
    Map<String, Passage> batch = new LinkedHashMap<>();
    if (queue != null) {
      // The batch's passages enter the queue after this step's update, encoded now by the key encoder
      // (full) or taken from the store (query-side): never back-propagated.
      candidates.forEach(p -> batch.putIfAbsent(p.key(), p));
      List<Passage> seen = new ArrayList<>(batch.values());
      pendingKeys = seen.stream().map(Passage::key).toList();
      pendingVectors = full
          ? model.encode(momentum.tower(), seen.stream().map(Passage::text).toList(), true, 32)
          : fixed.matrix(seen);
    }
    try (NDScope scope = new NDScope(); NDManager m = tower.manager().newSubManager();
        GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
      NDArray q = tower.sentenceEmbedding(model.queryTokenizer().batch(m, queries), s.dropout(), true);
      NDArray p;
      if (full) {
        List<String> texts = candidates.stream().map(x -> model.base().passagePrefix() + x.text()).toList();
        p = tower.sentenceEmbedding(model.passageTokenizer().batch(m, texts), s.dropout(), true);
      } else {
        p = m.create(fixedVectors, new Shape(c, fixed.dimension()));
      }
      NDArray all = p;
      float[] allBias = bias;
      if (queue != null && queue.size() > 0) {
        int n = queue.size();
        float[] positives = full ? p.get("0:" + b).toFloatArray()
            : java.util.Arrays.copyOf(fixedVectors, b * fixed.dimension()); // candidate i is query i's positive
        QueueNegatives.Choice choice = QueueNegatives.choose(q.toFloatArray(), positives, b, queue, positiveKeys,
            batch.keySet(), queueFilter, teacher, batchQueries);
        lastCounts = choice.counts();
        allBias = InfoNce.withQueue(bias, b, c, choice.kept(), n);
        all = p.concat(m.create(queue.matrix(), new Shape(n, queue.dimension())), 0);
      } else if (queue != null) {
        lastCounts = new QueueNegatives.Counts(0, 0, 0, 0, 0);
      }
      NDArray loss = s.loss() == BiEncoderLoss.DUAL
          ? InfoNce.dualLoss(q, all, allBias, InfoNce.reverseBias(candidates.subList(0, b), positiveKeys),
              s.temperature())
          : InfoNce.loss(q, all, allBias, s.temperature());
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
