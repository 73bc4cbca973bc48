package dev.foil.index.dense;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import java.util.Arrays;

/**
 * Tokenised texts (or text pairs) as the input tensors a BERT-style ONNX graph takes: batches of similar
 * length, longest first, padded to their own longest, with {@code input_ids}, {@code attention_mask}
 * and, where the graph declares it, {@code token_type_ids}. Shared by the sentence encoder and the
 * cross-encoder.
 */
public final class OnnxInputs {
  private OnnxInputs() {}

  /** Whether {@code model}'s graph declares a {@code token_type_ids} input (XLM-R-style models do not). */
  public static boolean takesTypeIds(ZooModel<?, ?> model) {
    return model.describeInput().keys().contains("token_type_ids");
  }

  /** The indexes of {@code encodings}, longest first, equal lengths in index order. */
  public static Integer[] longestFirst(Encoding[] encodings) {
    Integer[] order = new Integer[encodings.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(encodings[b].getIds().length, encodings[a].getIds().length));
    return order;
  }

  /**
   * One padded batch: its named inputs (allocated on the manager given), its attention mask row-major
   * and its length in tokens.
   */
  public record Batch(NDList inputs, long[] mask, int tokens) {}

  /** The encodings {@code order[start..end)} as one batch padded to the longest of them. */
  public static Batch batch(NDManager manager, Encoding[] encodings, Integer[] order, int start, int end,
      boolean typeIds) {
    int b = end - start;
    int t = 0;
    for (int j = start; j < end; j++) {
      t = Math.max(t, encodings[order[j]].getIds().length);
    }
    long[] ids = new long[b * t];
    long[] mask = new long[b * t];
    long[] types = new long[b * t];
    for (int j = 0; j < b; j++) {
      Encoding e = encodings[order[start + j]];
      int len = e.getIds().length;
      System.arraycopy(e.getIds(), 0, ids, j * t, len);
      System.arraycopy(e.getAttentionMask(), 0, mask, j * t, len);
      System.arraycopy(e.getTypeIds(), 0, types, j * t, len);
    }
    Shape shape = new Shape(b, t);
    NDList inputs = new NDList(named(manager.create(ids, shape), "input_ids"),
        named(manager.create(mask, shape), "attention_mask"));
    if (typeIds) {
      inputs.add(named(manager.create(types, shape), "token_type_ids"));
    }
    return new Batch(inputs, mask, t);
  }

  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }
}
