package dev.foil.rankers.fn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.vector.ExactVectorIndex;
import dev.foil.index.vector.VectorIndex;
import dev.foil.samplers.format.Passage;
import dev.foil.samplers.format.TrainingExample;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import dev.foil.train.GraphScalar;

/**
 * Trains the {@link FnAdapterModel} without false-negative labels, by holding out judged positives: for
 * each query and each of its positives h that the retriever returns in its top {@code depth}, h becomes
 * a pseudo-candidate (label 1: relevant yet unjudged, exactly what a false negative is) among the other
 * top hits (label 0), with the remaining positives as the known ones. Positives the retriever misses
 * are not used: a false negative the adapter judges is always a retrieved candidate. The candidates are the retriever's own top hits rather
 * than a sampler's picks, so that training sees candidates distributed as the ones the adapter later
 * judges. They are unlabelled rather than certainly irrelevant, so this is positive–unlabelled learning;
 * the loss is binary cross-entropy with positives weighted by the negative-to-positive ratio, corrected
 * out of the estimates afterwards ({@link FnAdapterModel#positiveWeight}). Needs
 * document ids (the {@code ids} or {@code tevatron} layouts).
 */
public final class FnAdapterTrainer {
  private final FnAdapterModel model;

  public FnAdapterTrainer(FnAdapterModel model) {
    this.model = model;
  }

  /** Feature rows and labels built from examples. */
  public record Rows(float[] features, float[] labels, int count) {}

  /**
   * Builds the held-out-positive training rows.
   *
   * @param store vectors of the corpus, by document id
   * @param encoder encodes the queries; built the store
   * @param depth dense candidates per query
   */
  public static Rows rows(List<TrainingExample> examples, EmbeddingStore store, Encoder encoder, int depth, int threads) {
    int d = store.dimension();
    float[] qv = encoder.encodeQueries(examples.stream().map(TrainingExample::query).toList(), ProgressListener.NONE);
    VectorIndex.Hits hits;
    try (VectorIndex index = new ExactVectorIndex(store.toArray(), d, threads)) {
      hits = index.search(qv, Math.min(depth, store.size()));
    }
    List<float[]> feats = new ArrayList<>();
    List<float[]> labels = new ArrayList<>();
    int rows = 0;
    for (int e = 0; e < examples.size(); e++) {
      TrainingExample ex = examples.get(e);
      float[] q = new float[d];
      System.arraycopy(qv, e * d, q, 0, d);
      List<float[]> pos = vectors(ex.positives(), store);
      List<Integer> posRows = new ArrayList<>();
      for (Passage p : ex.positives()) {
        store.docIds().ordinal(p.id()).ifPresent(posRows::add);
      }
      List<float[]> neg = new ArrayList<>();
      List<Integer> retrievedPositives = new ArrayList<>();
      for (int i = e * hits.k(); i < (e + 1) * hits.k(); i++) {
        int row = hits.rows()[i];
        if (row < 0) {
          continue;
        }
        int at = posRows.indexOf(row);
        if (at >= 0) {
          retrievedPositives.add(at);
        } else {
          float[] v = new float[d];
          store.vector(row, v, 0);
          neg.add(v);
        }
      }
      // Only a positive the retriever returned can stand in for a false negative: those are the
      // candidates the adapter judges later. Held out, it takes its place among the top hits.
      for (int h : retrievedPositives) {
        List<float[]> known = new ArrayList<>(pos);
        float[] held = known.remove(h);
        List<float[]> cands = new ArrayList<>();
        cands.add(held);
        cands.addAll(neg);
        float[] f = FnFeatures.rows(q, concat(known, d), concat(cands, d), d);
        float[] y = new float[cands.size()];
        y[0] = 1f;
        feats.add(f);
        labels.add(y);
        rows += cands.size();
      }
    }
    int w = FnFeatures.width(d);
    float[] x = new float[rows * w];
    float[] y = new float[rows];
    int at = 0;
    for (int i = 0; i < feats.size(); i++) {
      System.arraycopy(feats.get(i), 0, x, at * w, feats.get(i).length);
      System.arraycopy(labels.get(i), 0, y, at, labels.get(i).length);
      at += labels.get(i).length;
    }
    return new Rows(x, y, rows);
  }

  private static List<float[]> vectors(List<Passage> passages, EmbeddingStore store) {
    List<float[]> out = new ArrayList<>();
    for (Passage p : passages) {
      if (p.id() == null) {
        throw new IllegalArgumentException("the false-negative adapter needs document ids: mine with --format ids or tevatron");
      }
      OptionalInt row = store.docIds().ordinal(p.id());
      if (row.isPresent()) {
        float[] v = new float[store.dimension()];
        store.vector(row.getAsInt(), v, 0);
        out.add(v);
      }
    }
    return out;
  }

  static float[] concat(List<float[]> vs, int d) {
    float[] out = new float[vs.size() * d];
    for (int i = 0; i < vs.size(); i++) {
      System.arraycopy(vs.get(i), 0, out, i * d, d);
    }
    return out;
  }

  /**
   * Trains on {@code rows} with mini-batches of {@code batchSize} rows.
   *
   * @return the loop's result; the model is written to {@code out}
   */
  public TrainingLoop.Result train(Rows rows, int batchSize, int epochs, float learningRate, long seed, Path out,
      boolean resume, ProgressListener progress) throws IOException {
    int n = rows.count();
    int w = FnFeatures.width(model.dimension());
    double positives = 0;
    for (float l : rows.labels()) {
      positives += l;
    }
    if (positives == 0 || positives == n) {
      throw new IllegalArgumentException("training rows need both labels: " + (long) positives + " positive of " + n);
    }
    float posWeight = (float) ((n - positives) / positives);
    model.positiveWeight(posWeight);
    int perEpoch = (n + batchSize - 1) / batchSize;
    TrainingLoop loop = new TrainingLoop(model.parameters(), model.manager(), new TrainingLoop.Plan(perEpoch, epochs,
        learningRate, 0.05f, 1e-4f, 5f, seed, Math.max(1, perEpoch), "fn-adapter:" + n + ":" + batchSize + ":" + epochs
        + ":" + learningRate + ":" + seed));
    TrainingLoop.Result r = loop.run(out, resume, (step, epoch) -> {
      int[] order = TrainingLoop.epochOrder(n, seed, epoch);
      int from = (step % perEpoch) * batchSize;
      int to = Math.min(n, from + batchSize);
      float[] x = new float[(to - from) * w];
      float[] y = new float[to - from];
      for (int i = from; i < to; i++) {
        System.arraycopy(rows.features(), order[i] * w, x, (i - from) * w, w);
        y[i - from] = rows.labels()[order[i]];
      }
      try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager();
          GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
        NDArray logits = model.logits(m.create(x, new Shape(to - from, w)));
        NDArray labels = m.create(y);
        // Weighted BCE with logits: −[pw·y·log σ(z) + (1−y)·log(1−σ(z))], log σ(z) = −softplus(−z).
        NDArray logP = logits.neg().getNDArrayInternal().softPlus().neg();
        NDArray logNotP = logits.getNDArrayInternal().softPlus().neg();
        NDArray loss = labels.mul(logP).mul(GraphScalar.of(logP, posWeight)).add(labels.neg().add(1).mul(logNotP)).neg().mean();
        gc.backward(loss);
        return new TrainingLoop.Outcome(loss.getFloat(), to - from);
      }
    }, new TrainingLoop.Hooks() {}, progress);
    model.save(out);
    return r;
  }
}
