package dev.foil.samplers;

import java.util.SplittableRandom;

/**
 * Draws without replacement in proportion to non-negative weights: each draw picks item i with
 * probability w_i / Σ_{j not yet drawn} w_j. A Fenwick tree of partial sums makes each draw and each
 * removal O(log m), so n draws from m items cost O(m + n log m).
 */
public final class WeightedDraw {
  private WeightedDraw() {}

  /**
   * Up to {@code n} distinct indexes of {@code weights}, in draw order; items of weight 0 are never
   * drawn, so fewer than {@code n} come back when fewer have positive weight.
   */
  public static int[] withoutReplacement(double[] weights, int n, SplittableRandom rng) {
    int m = weights.length;
    double[] tree = new double[m + 1];
    int positive = 0;
    for (int i = 0; i < m; i++) {
      double w = weights[i];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weight " + i + " is " + w + "; weights must be finite and >= 0");
      }
      if (w > 0) {
        positive++;
      }
      tree[i + 1] += w;
      int parent = (i + 1) + ((i + 1) & -(i + 1));
      if (parent <= m) {
        tree[parent] += tree[i + 1];
      }
    }
    int draws = Math.min(n, positive);
    int[] out = new int[draws];
    double[] remaining = weights.clone();
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    for (int d = 0; d < draws; d++) {
      double u = rng.nextDouble() * total;
      int i = find(tree, m, u);
      // Floating-point edge: never return an exhausted item.
      while (remaining[i] <= 0) {
        i = (i + 1) % m;
      }
      out[d] = i;
      double w = remaining[i];
      remaining[i] = 0;
      total -= w;
      for (int j = i + 1; j <= m; j += j & -j) {
        tree[j] -= w;
      }
      if (total <= 0) {
        total = 0;
        for (double r : remaining) {
          total += r;
        }
      }
    }
    return out;
  }

  /** The smallest index whose prefix sum exceeds {@code u}. */
  private static int find(double[] tree, int m, double u) {
    int pos = 0;
    int step = Integer.highestOneBit(Math.max(1, m));
    for (; step > 0; step >>= 1) {
      int next = pos + step;
      if (next <= m && tree[next] <= u) {
        pos = next;
        u -= tree[next];
      }
    }
    return Math.min(pos, m - 1);
  }
}
