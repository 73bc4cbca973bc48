package dev.foil.rankers.fn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.io.AtomicFile;
import dev.foil.rankers.model.ModelDirectory;
import dev.foil.train.Devices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The learned false-negative adapter (after RRRA's retriever adapter: a small network on top of a
 * frozen bi-encoder that scores how likely an unjudged candidate is relevant): a two-layer perceptron
 * over {@link FnFeatures}, P(false negative) = σ(w₂ · ReLU(W₁x + b₁) + b₂).
 *
 * <p>On disk: {@code foil-model.json} (format, the encoder cache key whose vectors it reads, sizes) and
 * {@code adapter.params}.
 */
public final class FnAdapterModel implements AutoCloseable {
  /** The {@code format} of {@code foil-model.json}. */
  public static final String FORMAT = "foil-fn-adapter";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NDManager manager;
  private final Map<String, NDArray> params;
  private final int dimension;
  private final String encoderKey;
  private double positiveWeight = 1;

  private FnAdapterModel(NDManager manager, Map<String, NDArray> params, int dimension, String encoderKey) {
    this.manager = manager;
    this.params = params;
    this.dimension = dimension;
    this.encoderKey = encoderKey;
  }

  /**
   * Records the weight the positives had in training. Weighting positives by w shifts the learned
   * log-odds by log w; {@link #probabilities} subtracts it again, so the estimates are calibrated to
   * the data's own base rate (a prior correction) and a threshold such as fn-drop's 0.5 means what it says.
   */
  public void positiveWeight(double w) {
    if (!(w > 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException("illegal positive weight: " + w + ", must be positive");
    }
    this.positiveWeight = w;
  }

  /**
   * A fresh adapter with Glorot-uniform weights drawn with {@code seed}.
   *
   * @param dimension the bi-encoder's vector size
   * @param encoderKey cache key of the encoder whose vectors the adapter reads
   */
  public static FnAdapterModel create(int dimension, int hidden, String encoderKey, long seed, Device device) {
    NDManager m = NDManager.newBaseManager(device, Devices.ENGINE);
    SplittableRandom rng = new SplittableRandom(seed);
    int in = FnFeatures.width(dimension);
    Map<String, NDArray> p = new LinkedHashMap<>();
    p.put("fn.w1", glorot(m, rng, in, hidden));
    p.put("fn.b1", m.zeros(new Shape(hidden)));
    p.put("fn.w2", glorot(m, rng, hidden, 1));
    p.put("fn.b2", m.zeros(new Shape(1)));
    p.forEach((k, v) -> v.setName(k));
    return new FnAdapterModel(m, p, dimension, encoderKey);
  }

  private static NDArray glorot(NDManager m, SplittableRandom rng, int in, int out) {
    double limit = Math.sqrt(6.0 / (in + out));
    float[] w = new float[in * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
    }
    return m.create(w, new Shape(in, out));
  }

  /** Whether {@code dir} holds an adapter written by {@link #save}. */
  public static boolean isModelDir(Path dir) {
    return ModelDirectory.hasFormat(dir, FORMAT);
  }

  /** Opens an adapter directory. */
  public static FnAdapterModel open(Path dir, Device device) throws IOException {
    JsonNode n = ModelDirectory.read(dir, FORMAT);
    NDManager m = NDManager.newBaseManager(device, Devices.ENGINE);
    try (InputStream in = Files.newInputStream(dir.resolve("adapter.params"))) {
      Map<String, NDArray> p = new LinkedHashMap<>();
      for (NDArray a : NDList.decode(m, in)) {
        p.put(a.getName(), a);
      }
      FnAdapterModel model = new FnAdapterModel(m, p, n.path("dimension").asInt(), n.path("encoder").asText());
      model.positiveWeight(n.path("positiveWeight").asDouble(1));
      return model;
    }
  }

  /** Writes the adapter directory; the descriptor last. */
  public void save(Path dir) throws IOException {
    ModelDirectory.beginSave(dir);
    AtomicFile.writeBytes(dir.resolve("adapter.params"), new NDList(params.values())::encode);
    ObjectNode n = JSON.createObjectNode();
    n.put("format", FORMAT).put("dimension", dimension).put("hidden", params.get("fn.b1").getShape().get(0))
        .put("encoder", encoderKey).put("positiveWeight", positiveWeight);
    ModelDirectory.finishSave(dir, n);
  }

  public Map<String, NDArray> parameters() {
    return params;
  }

  public NDManager manager() {
    return manager;
  }

  /** Vector size of the bi-encoder it reads. */
  public int dimension() {
    return dimension;
  }

  /** Cache key of the encoder whose vectors it was trained on. */
  public String encoderKey() {
    return encoderKey;
  }

  /** Logits of feature rows [n, width] → [n]. */
  public NDArray logits(NDArray features) {
    NDArray h = features.matMul(params.get("fn.w1")).add(params.get("fn.b1")).getNDArrayInternal().relu();
    return h.matMul(params.get("fn.w2")).add(params.get("fn.b2")).reshape(-1);
  }

  /** P(false negative) of each feature row, without gradients: σ(logit − log w₊). */
  public double[] probabilities(float[] features) {
    int w = FnFeatures.width(dimension);
    int n = features.length / w;
    try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
      float[] z = logits(m.create(features, new Shape(n, w))).toFloatArray();
      double shift = Math.log(positiveWeight);
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = 1 / (1 + Math.exp(-(z[i] - shift)));
      }
      return out;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
