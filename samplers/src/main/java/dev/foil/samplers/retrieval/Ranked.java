package dev.foil.samplers.retrieval;

import dev.foil.samplers.SamplingContext;
import java.util.Arrays;

/** Orderings of a context's candidates shared by several samplers. */
final class Ranked {
  private Ranked() {}

  /** Candidate indexes by reference score descending, ties by pool order. */
  static Integer[] byScore(SamplingContext c) {
    Integer[] idx = new Integer[c.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    float[] s = c.scores();
    Arrays.sort(idx, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
    return idx;
  }

  /** The first {@code n} of {@code order} whose candidate passes {@code keep}, as ordinals. */
  static int[] firstN(SamplingContext c, Integer[] order, int n, java.util.function.IntPredicate keep) {
    int[] out = new int[Math.min(n, order.length)];
    int k = 0;
    for (int i = 0; i < order.length && k < out.length; i++) {
      if (keep.test(order[i])) {
        out[k++] = c.docs()[order[i]];
      }
    }
    return Arrays.copyOf(out, k);
  }

  /** 1/m for each of the m candidates passing {@code keep}, 0 for the others: {@link #uniform}'s first draw. */
  static double[] uniformProbabilities(SamplingContext c, java.util.function.IntPredicate keep) {
    double[] p = new double[c.size()];
    int m = 0;
    for (int i = 0; i < p.length; i++) {
      m += keep.test(i) ? 1 : 0;
    }
    for (int i = 0; i < p.length; i++) {
      p[i] = keep.test(i) ? 1.0 / m : 0;
    }
    return p;
  }

  /** {@code n} uniformly chosen candidates among those passing {@code keep}, as ordinals. */
  static int[] uniform(SamplingContext c, int n, java.util.function.IntPredicate keep) {
    int[] pool = new int[c.size()];
    int m = 0;
    for (int i = 0; i < c.size(); i++) {
      if (keep.test(i)) {
        pool[m++] = c.docs()[i];
      }
    }
    int k = Math.min(n, m);
    // Partial Fisher-Yates: the first k positions become a uniform sample without replacement.
    for (int i = 0; i < k; i++) {
      int j = i + c.rng().nextInt(m - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return Arrays.copyOf(pool, k);
  }
}
