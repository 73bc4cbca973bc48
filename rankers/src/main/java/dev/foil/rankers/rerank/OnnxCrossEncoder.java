package dev.foil.rankers.rerank;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.foil.rankers.model.ModelDirectory;
import dev.foil.rankers.model.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A trained reranker served from the ONNX graph {@link CrossEncoderModel#save} exports, on OnnxRuntime
 * (several times faster than the training engine on CPU): the graph gives the hidden states, the
 * linear head on {@code [CLS]} is applied here. Pairs are batched by token count.
 */
public final class OnnxCrossEncoder implements PairScorer {
  private final ZooModel<NDList, NDList> onnx;
  private final Tokenizer tokenizer;
  private final float[] headWeight;
  private final float headBias;
  private final int batchSize;

  private OnnxCrossEncoder(ZooModel<NDList, NDList> onnx, Tokenizer tokenizer, float[] w, float b, int batchSize) {
    this.onnx = onnx;
    this.tokenizer = tokenizer;
    this.headWeight = w;
    this.headBias = b;
    this.batchSize = batchSize;
  }

  /** Opens the reranker directory {@code dir}. */
  public static OnnxCrossEncoder open(Path dir, int batchSize, int threads) throws IOException {
    JsonNode n = ModelDirectory.read(dir, CrossEncoderModel.FORMAT);
    JsonNode w = n.path("headWeight");
    float[] weight = new float[w.size()];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) w.get(i).asDouble();
    }
    Tokenizer tok = new Tokenizer(dir.resolve("tokenizer.json"), n.path("maxLength").asInt());
    try {
      ZooModel<NDList, NDList> model = Criteria.builder().setTypes(NDList.class, NDList.class)
          .optModelPath(dir.resolve("encoder.onnx")).optEngine("OnnxRuntime")
          .optOption("intraOpNumThreads", Integer.toString(threads)).optOption("interOpNumThreads", "1")
          .build().loadModel();
      return new OnnxCrossEncoder(model, tok, weight, (float) n.path("headBias").asDouble(), batchSize);
    } catch (ModelNotFoundException | MalformedModelException e) {
      tok.close();
      throw new IOException("cannot load " + dir.resolve("encoder.onnx") + ": " + e.getMessage(), e);
    }
  }

  @Override
  public float[] score(List<String> queries, List<String> passages) {
    Encoding[] enc = tokenizer.encodePairs(queries, passages);
    Integer[] order = new Integer[enc.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(enc[b].getIds().length, enc[a].getIds().length));
    float[] out = new float[enc.length];
    try (Predictor<NDList, NDList> predictor = onnx.newPredictor()) {
      for (int start = 0; start < enc.length; start += batchSize) {
        int end = Math.min(enc.length, start + batchSize);
        int b = end - start;
        int t = enc[order[start]].getIds().length;
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        long[] types = new long[b * t];
        for (int j = 0; j < b; j++) {
          Encoding e = enc[order[start + j]];
          int len = e.getIds().length;
          System.arraycopy(e.getIds(), 0, ids, j * t, len);
          System.arraycopy(e.getAttentionMask(), 0, mask, j * t, len);
          System.arraycopy(e.getTypeIds(), 0, types, j * t, len);
        }
        try (NDManager m = onnx.getNDManager().newSubManager()) {
          Shape shape = new Shape(b, t);
          NDList input = new NDList(named(m.create(ids, shape), "input_ids"), named(m.create(mask, shape), "attention_mask"),
              named(m.create(types, shape), "token_type_ids"));
          NDList output = predictor.predict(input);
          NDArray hidden = output.contains("last_hidden_state") ? output.get("last_hidden_state") : output.get(0);
          float[] h = hidden.toFloatArray();
          int d = (int) hidden.getShape().get(2);
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

  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }

  @Override
  public void close() {
    onnx.close();
    tokenizer.close();
  }
}
