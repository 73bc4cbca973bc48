package dev.foil.rankers.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.foil.index.io.AtomicFile;
import dev.foil.train.Devices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.foil.train.GraphScalar;

/**
 * A BERT-family transformer encoder (all-MiniLM-L6-v2 and its kin) written with DJL NDArray operations,
 * so that it runs and trains on any DJL engine and device: token, position and segment embeddings, then
 * {@code layers} post-norm blocks of multi-head self-attention and an exact-erf GELU feed-forward layer
 * (Devlin et al., NAACL 2019; MiniLM: Wang et al., NeurIPS 2020).
 *
 * <p>Parameters use the PyTorch checkpoint names; linear weights keep the ONNX [in, out] layout, so a
 * layer is {@code x · W + b}. {@link #fromOnnx} reads the pretrained weights from the same ONNX file the
 * inference encoder runs, and the hidden states equal OnnxRuntime's to float rounding.
 */
public final class MiniLm implements AutoCloseable {

  private static final float LAYER_NORM_EPS = 1e-12f;

  private final NDManager manager;
  private final Map<String, NDArray> params;
  private final int layers;
  private final int heads;
  private final int hidden;

  private MiniLm(NDManager manager, Map<String, NDArray> params, int heads) {
    this.manager = manager;
    this.params = params;
    this.heads = heads;
    this.hidden = (int) require("embeddings.word_embeddings.weight").getShape().get(1);
    int n = 0;
    while (params.containsKey("encoder.layer." + n + ".attention.self.query.weight")) {
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException("no encoder layers among the weights " + params.keySet());
    }
    if (hidden % heads != 0) {
      throw new IllegalArgumentException("illegal heads value: " + heads + ", must divide the hidden size " + hidden);
    }
    this.layers = n;
  }

  /**
   * Loads the pretrained weights of an exported ONNX BERT model.
   *
   * @param heads attention heads (12 for all-MiniLM-L6-v2 and e5-small-v2)
   */
  public static MiniLm fromOnnx(Path onnx, int heads, Device device) throws IOException {
    Map<String, OnnxWeights.Tensor> tensors = OnnxWeights.read(onnx);
    NDManager manager = NDManager.newBaseManager(device, Devices.ENGINE);
    Map<String, NDArray> params = new LinkedHashMap<>();
    tensors.forEach((name, t) -> {
      NDArray a = manager.create(t.values(), new Shape(t.shape()));
      a.setName(name);
      params.put(name, a);
    });
    if (!params.containsKey("embeddings.word_embeddings.weight")) {
      manager.close();
      throw new IOException(onnx + ": not a BERT-family model (no embeddings.word_embeddings.weight); "
          + "quantised models cannot be trained, use the float one");
    }
    return new MiniLm(manager, params, heads);
  }

  /** Loads weights written by {@link #save}. */
  public static MiniLm load(Path file, int heads, Device device) throws IOException {
    NDManager manager = NDManager.newBaseManager(device, Devices.ENGINE);
    try (InputStream in = Files.newInputStream(file)) {
      NDList list = NDList.decode(manager, in);
      Map<String, NDArray> params = new LinkedHashMap<>();
      for (NDArray a : list) {
        params.put(a.getName(), a);
      }
      return new MiniLm(manager, params, heads);
    } catch (RuntimeException e) {
      manager.close();
      throw new IOException(file + ": not a weights file written by Foil (" + e.getMessage() + ")", e);
    }
  }

  /** Writes the weights atomically (DJL's NDList encoding, names kept). */
  public void save(Path file) throws IOException {
    NDList list = new NDList(params.values());
    AtomicFile.writeBytes(file, out -> list.encode(out));
  }

  /**
   * Writes these weights into a copy of the pretrained ONNX graph {@code baseOnnx}, for inference on
   * OnnxRuntime (faster than the training engine on CPU).
   */
  public void exportOnnx(Path baseOnnx, Path out) throws IOException {
    Map<String, float[]> values = new LinkedHashMap<>();
    params.forEach((name, a) -> values.put(name, a.toFloatArray()));
    OnnxWeights.export(baseOnnx, values, out);
  }

  /** An independent copy of these weights on the same device. */
  public MiniLm copy() {
    NDManager m = NDManager.newBaseManager(manager.getDevice(), Devices.ENGINE);
    Map<String, NDArray> copy = new LinkedHashMap<>();
    params.forEach((name, a) -> {
      NDArray c = a.duplicate();
      c.attach(m);
      c.setName(name);
      copy.put(name, c);
    });
    return new MiniLm(m, copy, heads);
  }

  /** The parameters by name, in a stable order; training updates them in place. */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** Hidden size (384 for MiniLM-L6). */
  public int hidden() {
    return hidden;
  }

  /** Number of transformer layers. */
  public int layers() {
    return layers;
  }

  /** Attention heads per layer. */
  public int heads() {
    return heads;
  }

  /** The manager that owns the parameters; new parameters (heads) belong here too. */
  public NDManager manager() {
    return manager;
  }

  /**
   * The last layer's hidden states.
   *
   * @param batch token ids, attention mask and segment ids, each [B, T] int64
   * @param dropout dropout rate applied to embeddings, attention probabilities and layer outputs while
   *     {@code training}
   * @return [B, T, hidden]
   */
  public NDArray forward(TokenBatch batch, float dropout, boolean training) {
    NDArray ids = batch.ids();
    long b = ids.getShape().get(0);
    long t = ids.getShape().get(1);
    NDArray positions = ids.getManager().arange(0, t, 1, DataType.INT64).reshape(1, t).repeat(0, b);
    NDArray x = Embedding.embedding(ids, require("embeddings.word_embeddings.weight"), ai.djl.ndarray.types.SparseFormat.DENSE).head()
        .add(Embedding.embedding(positions, require("embeddings.position_embeddings.weight"), ai.djl.ndarray.types.SparseFormat.DENSE).head())
        .add(Embedding.embedding(batch.types(), require("embeddings.token_type_embeddings.weight"), ai.djl.ndarray.types.SparseFormat.DENSE).head());
    x = drop(layerNorm(x, "embeddings.LayerNorm"), dropout, training);
    // Additive mask: 0 where attended, a large negative number on padding, broadcast over heads and rows.
    NDArray maskBias = batch.mask().toType(DataType.FLOAT32, false).neg().add(1f).mul(-1e9f).reshape(b, 1, 1, t);
    int headDim = hidden / heads;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    for (int l = 0; l < layers; l++) {
      String p = "encoder.layer." + l + ".";
      NDArray q = splitHeads(linear(x, p + "attention.self.query"), b, t, headDim);
      NDArray k = splitHeads(linear(x, p + "attention.self.key"), b, t, headDim);
      NDArray v = splitHeads(linear(x, p + "attention.self.value"), b, t, headDim);
      NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(GraphScalar.of(q, scale)).add(maskBias);
      NDArray probs = drop(scores.softmax(-1), dropout, training);
      NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, hidden);
      NDArray attention = drop(linear(context, p + "attention.output.dense"), dropout, training);
      x = layerNorm(attention.add(x), p + "attention.output.LayerNorm");
      NDArray inner = Activation.gelu(linear(x, p + "intermediate.dense"));
      NDArray out = drop(linear(inner, p + "output.dense"), dropout, training);
      x = layerNorm(out.add(x), p + "output.LayerNorm");
    }
    return x;
  }

  /**
   * Sentence embeddings: mean of the hidden states over the attention mask, L2-normalised (the
   * sentence-transformers recipe).
   *
   * @return [B, hidden]
   */
  public NDArray sentenceEmbedding(TokenBatch batch, float dropout, boolean training) {
    NDArray h = forward(batch, dropout, training);
    NDArray mask = batch.mask().toType(DataType.FLOAT32, false).expandDims(2);
    NDArray sum = h.mul(mask).sum(new int[] {1});
    NDArray mean = sum.div(mask.sum(new int[] {1}).maximum(1f));
    NDArray length = mean.norm(new int[] {1}, true);
    return mean.div(length.maximum(GraphScalar.of(length, 1e-12f)));
  }

  private NDArray splitHeads(NDArray x, long b, long t, int headDim) {
    return x.reshape(b, t, heads, headDim).transpose(0, 2, 1, 3);
  }

  private NDArray linear(NDArray x, String prefix) {
    return x.matMul(require(prefix + ".weight")).add(require(prefix + ".bias"));
  }

  private NDArray layerNorm(NDArray x, String prefix) {
    return LayerNorm.layerNorm(x, new Shape(hidden), require(prefix + ".weight"), require(prefix + ".bias"),
        LAYER_NORM_EPS).head();
  }

  private static NDArray drop(NDArray x, float rate, boolean training) {
    return training && rate > 0 ? Dropout.dropout(x, rate, true).head() : x;
  }

  private NDArray require(String name) {
    NDArray a = params.get(name);
    if (a == null) {
      throw new IllegalStateException("missing weight " + name);
    }
    return a;
  }

  @Override
  public void close() {
    manager.close();
  }

  @Override
  public String toString() {
    return "MiniLm[layers=" + layers + ", hidden=" + hidden + ", heads=" + heads + ", device="
        + manager.getDevice() + "]";
  }
}
