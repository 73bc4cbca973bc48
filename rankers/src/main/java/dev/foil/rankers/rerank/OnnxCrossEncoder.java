package dev.foil.rankers.rerank;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.dense.OnnxInputs;
import dev.foil.index.dense.OnnxSessions;
import dev.foil.rankers.model.ModelDirectory;
import dev.foil.rankers.model.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A cross-encoder on OnnxRuntime (several times faster than the training engine on CPU), from either of
 * two folders:
 *
 * <ul>
 *   <li>a reranker {@code foil train reranker} wrote ({@link CrossEncoderModel#save}): its graph gives the
 *       hidden states, the linear head on {@code [CLS]} is applied here;
 *   <li>a Hugging Face sequence-classification model exported to ONNX (as {@code optimum} or
 *       sentence-transformers' {@code export_onnx} write it, e.g. {@code cross-encoder/ms-marco-MiniLM-L6-v2}):
 *       {@code model.onnx} (or {@code onnx/model.onnx}) with a {@code logits} output of one label,
 *       {@code tokenizer.json}, {@code config.json}; the score is the raw logit (FlagEmbedding's
 *       {@code normalize=False}; sentence-transformers' {@code predict} applies a sigmoid, which keeps the
 *       order). The maximum length comes from {@code sentence_bert_config.json}'s {@code max_seq_length}
 *       or {@code tokenizer_config.json}'s {@code model_max_length} (at most 512).
 * </ul>
 *
 * Pairs are batched by token count; only the inputs the graph declares are fed (models without
 * {@code token_type_ids} exist).
 */
public final class OnnxCrossEncoder implements PairScorer {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The longest input a Hugging Face folder is read at when it says nothing shorter. */
  static final int HF_MAX_LENGTH = 512;

  private final ZooModel<NDList, NDList> onnx;
  private final Tokenizer tokenizer;
  private final float[] headWeight; // null: the graph's own logits
  private final float headBias;
  private final int batchSize;
  private final boolean typeIds;

  private OnnxCrossEncoder(ZooModel<NDList, NDList> onnx, Tokenizer tokenizer, float[] w, float b, int batchSize) {
    this.onnx = onnx;
    this.tokenizer = tokenizer;
    this.headWeight = w;
    this.headBias = b;
    this.batchSize = batchSize;
    this.typeIds = OnnxInputs.takesTypeIds(onnx);
  }

  /** Whether {@code dir} is a cross-encoder this class serves: a Foil reranker or a Hugging Face ONNX folder. */
  public static boolean isModelDir(Path dir) {
    return CrossEncoderModel.isModelDir(dir) || hfGraph(dir) != null;
  }

  /**
   * Opens the cross-encoder folder {@code dir} (either kind).
   *
   * @throws IllegalArgumentException naming what is missing when {@code dir} is neither kind, or when a
   *     Hugging Face model has more than one label
   */
  public static OnnxCrossEncoder open(Path dir, int batchSize, int threads) throws IOException {
    if (!CrossEncoderModel.isModelDir(dir) && hfGraph(dir) != null) {
      return openHuggingFace(dir, batchSize, threads);
    }
    JsonNode n = ModelDirectory.read(dir, CrossEncoderModel.FORMAT);
    JsonNode w = n.path("headWeight");
    float[] weight = new float[w.size()];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) w.get(i).asDouble();
    }
    Tokenizer tok = new Tokenizer(dir.resolve("tokenizer.json"), n.path("maxLength").asInt());
    return new OnnxCrossEncoder(load(dir.resolve("encoder.onnx"), threads, tok), tok, weight,
        (float) n.path("headBias").asDouble(), batchSize);
  }

  /** The ONNX graph of a Hugging Face cross-encoder folder, or {@code null} when {@code dir} is not one. */
  private static Path hfGraph(Path dir) {
    if (!Files.isRegularFile(dir.resolve("tokenizer.json")) || !Files.isRegularFile(dir.resolve("config.json"))) {
      return null;
    }
    for (Path p : List.of(dir.resolve("model.onnx"), dir.resolve("onnx").resolve("model.onnx"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static OnnxCrossEncoder openHuggingFace(Path dir, int batchSize, int threads) throws IOException {
    JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
    int labels = config.has("num_labels") ? config.get("num_labels").asInt()
        : config.has("id2label") ? config.get("id2label").size() : 1;
    if (labels != 1) {
      throw new IllegalArgumentException(dir.resolve("config.json") + ": a classifier of " + labels
          + " labels; a cross-encoder teacher or reranker gives one relevance logit (num_labels 1)");
    }
    Tokenizer tok = new Tokenizer(dir.resolve("tokenizer.json"), maxLength(dir));
    return new OnnxCrossEncoder(load(hfGraph(dir), threads, tok), tok, null, 0f, batchSize);
  }

  /** A Hugging Face folder's maximum length: its sentence-transformers or tokenizer setting, at most 512. */
  static int maxLength(Path dir) throws IOException {
    Path st = dir.resolve("sentence_bert_config.json");
    if (Files.isRegularFile(st) && JSON.readTree(st.toFile()).path("max_seq_length").asInt() > 0) {
      return Math.min(HF_MAX_LENGTH, JSON.readTree(st.toFile()).path("max_seq_length").asInt());
    }
    Path tc = dir.resolve("tokenizer_config.json");
    long declared = Files.isRegularFile(tc) ? JSON.readTree(tc.toFile()).path("model_max_length").asLong() : 0;
    return declared > 0 ? (int) Math.min(HF_MAX_LENGTH, declared) : HF_MAX_LENGTH;
  }

  private static ZooModel<NDList, NDList> load(Path graph, int threads, Tokenizer tok) throws IOException {
    try {
      return OnnxSessions.load(graph, threads);
    } catch (IOException e) {
      tok.close();
      throw e;
    }
  }

  @Override
  public float[] score(List<String> queries, List<String> passages) {
    Encoding[] enc = tokenizer.encodePairs(queries, passages);
    Integer[] order = OnnxInputs.longestFirst(enc);
    float[] out = new float[enc.length];
    try (Predictor<NDList, NDList> predictor = onnx.newPredictor()) {
      for (int start = 0; start < enc.length; start += batchSize) {
        int end = Math.min(enc.length, start + batchSize);
        int b = end - start;
        try (NDManager m = onnx.getNDManager().newSubManager()) {
          OnnxInputs.Batch batch = OnnxInputs.batch(m, enc, order, start, end, typeIds);
          NDList output = predictor.predict(batch.inputs());
          if (headWeight == null) {
            NDArray logits = output.contains("logits") ? output.get("logits") : output.get(0);
            float[] l = logits.toFloatArray();
            int width = l.length / b;
            for (int j = 0; j < b; j++) {
              out[order[start + j]] = l[j * width];
            }
            continue;
          }
          NDArray hidden = output.contains("last_hidden_state") ? output.get("last_hidden_state") : output.get(0);
          float[] h = hidden.toFloatArray();
          int d = (int) hidden.getShape().get(2);
          int t = batch.tokens();
          for (int j = 0; j < b; j++) {
            double s = headBias;
            int base = j * t * d; // the [CLS] token of pair j
            for (int k = 0; k < d; k++) {
              s += h[base + k] * headWeight[k];
            }
            out[order[start + j]] = (float) s;
          }
        }
      }
    } catch (TranslateException e) {
      throw new IllegalStateException("OnnxRuntime failed: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void close() {
    onnx.close();
    tokenizer.close();
  }
}
