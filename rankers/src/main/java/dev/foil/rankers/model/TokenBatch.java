package dev.foil.rankers.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A padded batch of tokenised texts as the encoder takes it: ids, attention mask and segment ids, each
 * [B, T] int64, T the longest text in the batch.
 */
public record TokenBatch(NDArray ids, NDArray mask, NDArray types) {

  /** Pads {@code encodings} to their longest length and creates the arrays in {@code manager}. */
  public static TokenBatch of(NDManager manager, Encoding[] encodings) {
    int b = encodings.length;
    int t = 1;
    for (Encoding e : encodings) {
      t = Math.max(t, e.getIds().length);
    }
    long[] ids = new long[b * t];
    long[] mask = new long[b * t];
    long[] types = new long[b * t];
    for (int i = 0; i < b; i++) {
      Encoding e = encodings[i];
      int n = e.getIds().length;
      System.arraycopy(e.getIds(), 0, ids, i * t, n);
      System.arraycopy(e.getAttentionMask(), 0, mask, i * t, n);
      System.arraycopy(e.getTypeIds(), 0, types, i * t, n);
    }
    Shape shape = new Shape(b, t);
    return new TokenBatch(manager.create(ids, shape), manager.create(mask, shape), manager.create(types, shape));
  }
}
