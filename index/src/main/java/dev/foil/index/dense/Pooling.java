package dev.foil.index.dense;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a sentence encoder turns its last hidden states into one vector: the mean over the attention mask
 * (sentence-transformers' MiniLM and E5 recipe, Reimers and Gurevych, EMNLP 2019) or the first token's
 * state, {@code [CLS]} (BGE, Xiao et al., "C-Pack", SIGIR 2024), each optionally L2-normalised. A model
 * pooled the wrong way gives vectors that look fine and retrieve badly, so the model's own choice is read
 * from its folder ({@link EncoderModel}).
 */
public enum Pooling {
  MEAN, CLS;

  /** Parses {@code mean} or {@code cls}. */
  public static Pooling parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown pooling \"" + name + "\": use mean or cls");
    }
  }

  /** The name {@link #parse} reads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * One vector per row of {@code h} (b × t × d hidden states, row-major) under {@code mask} (b × t): the
   * masked mean or the first token's state, then divided by its L2 norm when {@code normalise}. Sums are
   * kept in double, so that the result does not depend on the batch's padding.
   */
  public float[][] pool(float[] h, long[] mask, int b, int t, int d, boolean normalise) {
    float[][] out = new float[b][d];
    double[] acc = new double[d];
    for (int i = 0; i < b; i++) {
      Arrays.fill(acc, 0);
      if (this == CLS) {
        int base = i * t * d;
        for (int k = 0; k < d; k++) {
          acc[k] = h[base + k];
        }
      } else {
        int count = 0;
        for (int j = 0; j < t; j++) {
          if (mask[i * t + j] == 0) {
            continue;
          }
          count++;
          int base = (i * t + j) * d;
          for (int k = 0; k < d; k++) {
            acc[k] += h[base + k];
          }
        }
        for (int k = 0; k < d; k++) {
          acc[k] /= Math.max(1, count);
        }
      }
      double norm = 0;
      for (int k = 0; k < d; k++) {
        norm += acc[k] * acc[k];
      }
      norm = normalise ? Math.sqrt(norm) : 1;
      for (int k = 0; k < d; k++) {
        out[i][k] = (float) (norm == 0 ? 0 : acc[k] / norm);
      }
    }
    return out;
  }
}
