package dev.foil.samplers;

import java.util.SplittableRandom;

/**
 * Draws without replacement in proportion to weights given as natural logarithms: the result has the
 * distribution of sequential draws, each picking item i with probability w_i / Σ_{j not yet drawn} w_j.
 *
 * <p>The method is Gumbel-top-k (Vieira 2014; Kool, van Hoof and Welling, "Stochastic Beams and Where to
 * Find Them", ICML 2019, Eq. 6 — the log-space form of Efraimidis and Spirakis' exponential keys): item
 * i gets the key log w_i − log E_i with E_i a standard exponential, and the n largest keys, in
 * decreasing order, are the draw. Working on log-weights, no weight underflows: items whose weights
 * would be 1e-400 apart keep their odds.
 *
 * <p>Most items cannot reach the top n, and this draw avoids touching their E_i. A threshold t is set
 * where about n + 2√n + 2 keys are expected above it (from a coarse log-sum-exp). An item's key exceeds
 * t iff E_i &lt; e^(l_i − t), so only E_i below an upper bound B_i ≥ e^(l_i − t) (a table lookup)
 * matters: the items' intervals [0, B_i) are laid end to end and one unit-rate Poisson process is run
 * along them (exponential jumps), whose first point in an item's interval is that item's E_i, and whose
 * absence means E_i ≥ B_i. So the randomness costs one exponential per point — about as many as the
 * keys that clear t — instead of one per item, and one logarithm per point decides the item. Should
 * fewer than n keys clear t, each E_i ≥ B_i is completed as B_i plus a fresh exponential
 * (memorylessness) and every key is compared: the result is exact for every t.
 */
public final class WeightedDraw {
  private WeightedDraw() {}

  /**
   * Up to {@code n} distinct indexes of {@code logWeights}, in draw order. An item whose log-weight is
   * {@code -Infinity} (weight 0) is never drawn, so fewer than {@code n} come back when fewer items
   * have a finite log-weight. The result is a function of the log-weights, {@code n} and the
   * generator's state.
   *
   * @throws IllegalArgumentException on a NaN or {@code +Infinity} log-weight
   */
  public static int[] withoutReplacement(double[] logWeights, int n, SplittableRandom rng) {
    int k = Math.min(n, logWeights.length);
    return withoutReplacement(logWeights, n, rng, k + 2 * Math.sqrt(k) + 2);
  }

  /**
   * The draw with the threshold set where {@code expected} keys are expected above it; it changes the
   * speed (and which random numbers are used), never the law — the tests set it far off both ways.
   */
  static int[] withoutReplacement(double[] logWeights, int n, SplittableRandom rng, double expected) {
    int m = logWeights.length;
    int drawable = 0;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0; // Σ exp(l − max), coarse, kept relative to the running maximum
    for (int i = 0; i < m; i++) {
      double l = logWeights[i];
      if (!(l < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("log-weight " + i + " is " + l + "; log-weights must be < +Infinity");
      }
      if (l > Double.NEGATIVE_INFINITY) {
        drawable++;
        if (l > max) {
          sum = sum * upperExp(max - l) + 1;
          max = l;
        } else {
          sum += upperExp(l - max);
        }
      }
    }
    int k = Math.min(n, drawable);
    if (k <= 0) {
      return new int[0];
    }
    Scratch sc = SCRATCH.get().ensure(m);
    double t = drawable <= expected ? Double.NEGATIVE_INFINITY : max + Math.log(sum / expected);
    int found = t == Double.NEGATIVE_INFINITY ? allKeys(logWeights, rng, sc, false) : keysAbove(logWeights, t, rng, sc);
    if (found < k) {
      found = allKeys(logWeights, rng, sc, true);
    }
    return topK(sc.keys, sc.items, found, k);
  }

  /**
   * Keeps, in {@code sc}, the keys above {@code t} and their items, realising E_i only below B_i by
   * the Poisson process along the items' intervals; records each item's E_i, or the B_i it is known
   * to exceed, for {@link #allKeys}. Returns how many keys it kept.
   */
  private static int keysAbove(double[] logWeights, double t, SplittableRandom g, Scratch sc) {
    double[] keys = sc.keys;
    int[] items = sc.items;
    double[] known = sc.known;
    boolean[] exact = sc.exact;
    int found = 0;
    double next = exponential(g); // distance from this item's interval start to the next point
    for (int i = 0; i < logWeights.length; i++) {
      double l = logWeights[i];
      if (l == Double.NEGATIVE_INFINITY) {
        continue;
      }
      double x = l - t;
      double e;
      if (x >= 0) {
        // Likely entrants (B_i ≥ 1 would cost many points): their own exponential.
        e = exponential(g);
      } else {
        double b = upperExp(x);
        if (next >= b) {
          next -= b;
          known[i] = b;
          exact[i] = false;
          continue;
        }
        e = next;
        do {
          next += exponential(g);
        } while (next < b);
        next -= b;
      }
      known[i] = e;
      exact[i] = true;
      double logE = Math.log(e);
      if (logE < x) {
        keys[found] = l - logE;
        items[found++] = i;
      }
    }
    return found;
  }

  /**
   * Every drawable item's key into {@code sc}: from its recorded E_i, from B_i plus a fresh exponential
   * where only E_i ≥ B_i is known ({@code completing}), or from a fresh exponential.
   */
  private static int allKeys(double[] logWeights, SplittableRandom g, Scratch sc, boolean completing) {
    int found = 0;
    for (int i = 0; i < logWeights.length; i++) {
      double l = logWeights[i];
      if (l == Double.NEGATIVE_INFINITY) {
        continue;
      }
      double e = !completing ? exponential(g) : sc.exact[i] ? sc.known[i] : sc.known[i] + exponential(g);
      sc.keys[found] = l - Math.log(e);
      sc.items[found++] = i;
    }
    return found;
  }

  /** The k items of largest key among the first {@code size}, by decreasing key. */
  private static int[] topK(double[] keys, int[] items, int size, int k) {
    double[] best = new double[k];
    int[] out = new int[k];
    int filled = 0;
    for (int j = 0; j < size; j++) {
      double key = keys[j];
      if (filled == k && key <= best[k - 1]) {
        continue;
      }
      int pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && best[pos - 1] < key) {
        best[pos] = best[pos - 1];
        out[pos] = out[pos - 1];
        pos--;
      }
      best[pos] = key;
      out[pos] = items[j];
    }
    return out;
  }

  /**
   * A standard exponential, −log u with u uniform on (0, 1] from the top 53 bits of one {@code nextLong}
   * (the generator's own {@code nextExponential} is several times slower here: not inlined).
   */
  private static double exponential(SplittableRandom g) {
    return -Math.log(((g.nextLong() >>> 11) + 1) * 0x1.0p-53);
  }

  /** Steps per unit of the {@link #upperExp} table, and the table's reach in units. */
  private static final int STEPS = 8;
  private static final int REACH = 24;
  private static final double[] UPPER = new double[STEPS * REACH + 1];

  static {
    for (int j = 0; j < UPPER.length; j++) {
      UPPER[j] = Math.exp(-(double) j / STEPS) * (1 + 1e-12);
    }
  }

  /**
   * An upper bound on e^x for x ≤ 0, within 14 %, by table: e^(−j/8) for −x in [j/8, (j+1)/8), and
   * e^−24 below e^−24 (a looser bound only costs an occasional extra point, never exactness).
   */
  static double upperExp(double x) {
    double y = -x * STEPS;
    return y < UPPER.length - 1 ? UPPER[(int) y] : UPPER[UPPER.length - 1];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Reusable per-thread buffers: the keys that cleared the threshold, and what is known of each E_i. */
  private static final class Scratch {
    double[] keys = new double[256];
    int[] items = new int[256];
    double[] known = new double[256];
    boolean[] exact = new boolean[256];

    Scratch ensure(int m) {
      if (keys.length < m) {
        keys = new double[m];
        items = new int[m];
        known = new double[m];
        exact = new boolean[m];
      }
      return this;
    }
  }

  /**
   * The probability of each item being drawn first, w_i / Σ w, from log-weights (shifted by their
   * maximum, so that no weight underflows to a 0/0); all zeros when no item is drawable.
   */
  public static double[] firstDrawProbabilities(double[] logWeights) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logWeights) {
      max = Math.max(max, l);
    }
    double[] p = new double[logWeights.length];
    if (max == Double.NEGATIVE_INFINITY) {
      return p;
    }
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logWeights[i] - max);
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= total;
    }
    return p;
  }
}
