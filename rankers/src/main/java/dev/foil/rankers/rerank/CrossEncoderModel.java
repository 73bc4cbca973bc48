package dev.foil.rankers.rerank;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.io.AtomicFile;
import dev.foil.rankers.model.MiniLm;
import dev.foil.rankers.model.ModelDirectory;
import dev.foil.rankers.model.TokenBatch;
import dev.foil.rankers.model.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A cross-encoder reranker (monoBERT; Nogueira and Cho, 2019): MiniLM reads {@code [CLS] query [SEP]
 * passage [SEP]} and a linear head on the {@code [CLS]} state gives the relevance score. Initialised
 * from the pretrained sentence encoder's weights and a small random head.
 *
 * <p>On disk: {@code foil-model.json}, {@code tokenizer.json}, {@code encoder.params}, {@code head.params}.
 */
public final class CrossEncoderModel implements AutoCloseable {
  /** The {@code format} of {@code foil-model.json}. */
  public static final String FORMAT = "foil-minilm-cross-encoder";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EncoderModel base;
  private final MiniLm encoder;
  private final Tokenizer tokenizer;
  private final NDArray headWeight;
  private final NDArray headBias;

  private CrossEncoderModel(EncoderModel base, MiniLm encoder, int maxLength, NDArray headWeight, NDArray headBias)
      throws IOException {
    this.base = base;
    this.encoder = encoder;
    this.tokenizer = new Tokenizer(base.tokenizer(), maxLength);
    this.headWeight = headWeight;
    this.headBias = headBias;
    headWeight.setName("head.weight");
    headBias.setName("head.bias");
  }

  /** A fresh reranker over the pretrained {@code base}; the head is drawn from N(0, 0.02²) with {@code seed}. */
  public static CrossEncoderModel create(EncoderModel base, int heads, int maxLength, long seed, Device device)
      throws IOException {
    MiniLm lm = MiniLm.fromOnnx(base.onnx(), heads, device);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = new float[lm.hidden()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (gaussian(rng) * 0.02);
    }
    NDManager m = lm.manager();
    return new CrossEncoderModel(base, lm, maxLength, m.create(w, new Shape(lm.hidden(), 1)), m.zeros(new Shape(1)));
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  /** Whether {@code dir} holds a reranker written by {@link #save}. */
  public static boolean isModelDir(Path dir) {
    return ModelDirectory.hasFormat(dir, FORMAT);
  }

  /** Writes the model directory; the descriptor last. */
  public void save(Path dir) throws IOException {
    ModelDirectory.beginSave(dir);
    encoder.save(dir.resolve("encoder.params"));
    encoder.exportOnnx(base.onnx(), dir.resolve("encoder.onnx"));
    AtomicFile.writeBytes(dir.resolve("head.params"), new NDList(headWeight, headBias)::encode);
    Files.copy(base.tokenizer(), dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ObjectNode n = JSON.createObjectNode();
    n.put("format", FORMAT).put("base", base.source()).put("baseSha256", base.sha256()).put("heads", encoder.heads())
        .put("maxLength", tokenizer.maxLength()).put("headBias", headBias.getFloat());
    var weights = n.putArray("headWeight");
    for (float v : headWeight.toFloatArray()) {
      weights.add(v);
    }
    ModelDirectory.finishSave(dir, n);
  }

  /** Every trained parameter: the encoder's and the head's. */
  public Map<String, NDArray> parameters() {
    Map<String, NDArray> p = new LinkedHashMap<>(encoder.parameters());
    p.put("head.weight", headWeight);
    p.put("head.bias", headBias);
    return p;
  }

  public MiniLm encoder() {
    return encoder;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** Scores of a tokenised batch of pairs, [B]. */
  public NDArray scores(TokenBatch pairs, float dropout, boolean training) {
    NDArray cls = encoder.forward(pairs, dropout, training).get(new NDIndex(":, 0, :"));
    return cls.matMul(headWeight).add(headBias).reshape(-1);
  }

  /**
   * Scores query–passage pairs without gradients. Pairs are batched by token count, so each batch pads
   * only to its own longest pair; scores keep the input order.
   */
  public float[] score(List<String> queries, List<String> passages, int batchSize) {
    Encoding[] enc = tokenizer.encodePairs(queries, passages);
    Integer[] order = new Integer[enc.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(enc[b].getIds().length, enc[a].getIds().length));
    float[] out = new float[enc.length];
    for (int start = 0; start < enc.length; start += batchSize) {
      int end = Math.min(enc.length, start + batchSize);
      Encoding[] batch = new Encoding[end - start];
      for (int i = start; i < end; i++) {
        batch[i - start] = enc[order[i]];
      }
      try (NDScope scope = new NDScope(); NDManager m = encoder.manager().newSubManager()) {
        float[] s = scores(TokenBatch.of(m, batch), 0f, false).toFloatArray();
        for (int i = start; i < end; i++) {
          out[order[i]] = s[i - start];
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    encoder.close();
    tokenizer.close();
  }
}
