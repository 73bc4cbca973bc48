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
    // Per-thread scratch: the Fenwick tree and the drawn flags are reused across calls.
    Scratch sc = SCRATCH.get().ensure(m);
    double[] tree = sc.tree;
    boolean[] drawn = sc.drawn;
    java.util.Arrays.fill(tree, 0, m + 1, 0);
    java.util.Arrays.fill(drawn, 0, m, false);
    int positive = 0;
    double total = 0;
    for (int i = 0; i < m; i++) {
      double w = weights[i];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weight " + i + " is " + w + "; weights must be finite and >= 0");
      }
      if (w > 0) {
        positive++;
      }
      total += w;
      tree[i + 1] += w;
      int parent = (i + 1) + ((i + 1) & -(i + 1));
      if (parent <= m) {
        tree[parent] += tree[i + 1];
      }
    }
    int draws = Math.min(n, positive);
    int[] out = new int[draws];
    for (int d = 0; d < draws; d++) {
      double u = rng.nextDouble() * total;
      int i = find(tree, m, u);
      // Floating-point edge: never return an exhausted item.
      while (drawn[i] || weights[i] <= 0) {
        i = (i + 1) % m;
      }
      out[d] = i;
      drawn[i] = true;
      double w = weights[i];
      total -= w;
      for (int j = i + 1; j <= m; j += j & -j) {
        tree[j] -= w;
      }
      if (total <= 0) {
        total = 0;
        for (int j = 0; j < m; j++) {
          total += drawn[j] ? 0 : weights[j];
        }
      }
    }
    return out;
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Reusable per-thread buffers. */
  private static final class Scratch {
    double[] tree = new double[257];
    boolean[] drawn = new boolean[256];

    Scratch ensure(int m) {
      if (tree.length < m + 1) {
        tree = new double[m + 1];
        drawn = new boolean[m];
      }
      return this;
    }
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
