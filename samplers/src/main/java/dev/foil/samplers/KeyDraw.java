package dev.foil.samplers;

import java.util.SplittableRandom;

/**
 * The draw {@link WeightedDraw} hands over to when its levels cannot serve: without replacement, in
 * proportion to weights given as natural logarithms, with the distribution of sequential draws, at any
 * spread of the weights. The log-weights are already checked (none NaN or +Infinity).
 *
 * <p>The method is Gumbel-top-k (Vieira 2014; Kool, van Hoof and Welling, "Stochastic Beams and Where to
 * Find Them", ICML 2019, Eq. 6 — the log-space form of Efraimidis and Spirakis' exponential keys): item
 * i gets the key log w_i − log E_i with E_i a standard exponential, and the n largest keys, in
 * decreasing order, are the draw. Working on log-weights, no weight underflows: items whose weights
 * would be 1e-400 apart keep their odds.
 *
 * <p>Most items cannot reach the top n, and this draw avoids touching their E_i. A threshold t is set
 * where about n + 2√n + 2 keys are expected above it. An item's key exceeds t iff E_i &lt; e^(l_i − t),
 * so only E_i below an upper bound B_i ≥ e^(l_i − t) matters: B_i = c·b_i, where b_i ≥ e^(l_i − max) is
 * a table lookup and c = expected / Σ b_j sets t. The items' intervals [0, B_i) are laid end to end and
 * one unit-rate Poisson process is run along them (exponential jumps), whose first point in an item's
 * interval is that item's E_i, and whose absence means E_i ≥ B_i. The intervals add up to
 * {@code expected}, so about that many points are drawn whatever the weights, instead of one random
 * number per item, and one logarithm per point decides its item. Should fewer than n keys clear t, each
 * E_i ≥ B_i is completed as B_i plus a fresh exponential (memorylessness) and every key is compared: the
 * result is exact for every t.
 */
final class KeyDraw {
  private KeyDraw() {}

  /**
   * Up to {@code n} distinct indexes of {@code logWeights}, in draw order; an item of log-weight
   * {@code -Infinity} is never drawn.
   */
  static int[] withoutReplacement(double[] logWeights, int n, SplittableRandom rng) {
    int k = Math.min(n, logWeights.length);
    return withoutReplacement(logWeights, n, rng, k + 2 * Math.sqrt(k) + 2);
  }

  /**
   * The draw with the threshold set where {@code expected} keys are expected above it; it changes the
   * speed (and which random numbers are used), never the law — the tests set it far off both ways.
   */
  static int[] withoutReplacement(double[] logWeights, int n, SplittableRandom rng, double expected) {
    int m = logWeights.length;
    double max = Double.NEGATIVE_INFINITY;
    int drawable = 0;
    for (double l : logWeights) {
      max = Math.max(max, l);
      drawable += l > Double.NEGATIVE_INFINITY ? 1 : 0;
    }
    int k = Math.min(n, drawable);
    if (k <= 0) {
      return new int[0];
    }
    Scratch sc = SCRATCH.get().ensure(m);
    int found;
    if (drawable <= expected) {
      found = allKeys(logWeights, rng, sc);
    } else {
      double c = expected / cumulativeBounds(logWeights, max, sc.ends);
      found = keysAbove(logWeights, max, c, rng, sc);
      if (found < k) {
        found = completedKeys(logWeights, max, c, rng, sc);
      }
    }
    return topK(sc.keys, sc.items, found, k);
  }

  /**
   * Lays the intervals [0, b_i), b_i ≥ e^(l_i − max) (0 for a zero weight), end to end: {@code ends[i]}
   * is where item i's interval ends, b_0 + … + b_i. Returns the total, Σ b_i.
   */
  private static double cumulativeBounds(double[] logWeights, double max, double[] ends) {
    double end = 0;
    for (int i = 0; i < logWeights.length; i++) {
      end += upperExp(logWeights[i] - max);
      ends[i] = end;
    }
    return end;
  }

  /**
   * Keeps, in {@code sc}, the keys above the threshold and their items. A Poisson process of rate c runs
   * along the laid-out intervals; the first point in item i's interval, at {@code offset} from its
   * start, realises E_i = c·offset; the realised items and offsets stay in {@code sc} for
   * {@link #completedKeys}. Returns how many keys it kept. Three loops, none waiting on a logarithm of
   * another: the points, then the items they fall in, then those items' keys.
   */
  private static int keysAbove(double[] logWeights, double max, double c, SplittableRandom g, Scratch sc) {
    double[] ends = sc.ends;
    int m = logWeights.length;
    double total = ends[m - 1];
    double perPoint = 1 / c; // a unit exponential in E is 1/c in b-units
    int points = 0;
    for (double point = exponential(g) * perPoint; point < total; point += exponential(g) * perPoint) {
      sc.points(points + 1)[points++] = point;
    }
    double[] at = sc.points;
    int[] realisedItems = sc.realisedItems;
    double[] offsets = sc.offsets;
    int realised = 0;
    int i = 0;
    for (int j = 0; j < points; j++) {
      double point = at[j];
      if (realised > 0 && point < ends[i - 1]) {
        continue; // a later point in the interval just realised does not matter: the first one is E_i
      }
      while (ends[i] <= point) { // ends[m − 1] = total > point stops this
        i++;
      }
      realisedItems[realised] = i;
      offsets[realised++] = point - (i == 0 ? 0 : ends[i - 1]);
      i++;
    }
    sc.realisedCount = realised;
    double[] keys = sc.keys;
    int[] items = sc.items;
    double logC = Math.log(c);
    int found = 0;
    for (int r = 0; r < realised; r++) {
      int item = realisedItems[r];
      double logOffset = Math.log(offsets[r]); // E_i < e^(l_i − t) = c·e^(l_i − max) iff log offset < l_i − max
      double l = logWeights[item];
      if (logOffset < l - max) {
        keys[found] = l - logOffset - logC;
        items[found++] = item;
      }
    }
    return found;
  }

  /** Every drawable item's key from a fresh exponential. */
  private static int allKeys(double[] logWeights, SplittableRandom g, Scratch sc) {
    int found = 0;
    for (int i = 0; i < logWeights.length; i++) {
      double l = logWeights[i];
      if (l > Double.NEGATIVE_INFINITY) {
        sc.keys[found] = l - Math.log(exponential(g));
        sc.items[found++] = i;
      }
    }
    return found;
  }

  /**
   * Every drawable item's key, from its realised E_i where {@link #keysAbove} drew one, else from the
   * B_i = c·b_i it is known to exceed plus a fresh exponential.
   */
  private static int completedKeys(double[] logWeights, double max, double c, SplittableRandom g, Scratch sc) {
    int epoch = sc.nextEpoch();
    for (int r = 0; r < sc.realisedCount; r++) {
      int item = sc.realisedItems[r];
      sc.realised[item] = epoch;
      sc.known[item] = c * sc.offsets[r];
    }
    int found = 0;
    for (int i = 0; i < logWeights.length; i++) {
      double l = logWeights[i];
      if (l > Double.NEGATIVE_INFINITY) {
        double e = sc.realised[i] == epoch ? sc.known[i] : c * upperExp(l - max) + exponential(g);
        sc.keys[found] = l - Math.log(e);
        sc.items[found++] = i;
      }
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
   * An upper bound on e^x for x ≤ 0, within 14 %, by table: e^(−j/8) for −x in [j/8, (j+1)/8), e^−24
   * below e^−24 (a looser bound only costs an occasional extra point, never exactness), and 0 for
   * x = −Infinity, a weight of 0.
   */
  static double upperExp(double x) {
    double y = -x * STEPS;
    if (y < UPPER.length - 1) {
      return UPPER[(int) y];
    }
    return x == Double.NEGATIVE_INFINITY ? 0 : UPPER[UPPER.length - 1];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * Reusable per-thread buffers: the keys that cleared the threshold and their items, where each item's
   * interval ends, the points of the Poisson process, and the E_i realised in the current draw ({@code realised[i] == epoch}).
   */
  private static final class Scratch {
    double[] keys = new double[256];
    int[] items = new int[256];
    double[] offsets = new double[256];
    int[] realisedItems = new int[256];
    int realisedCount;
    double[] ends = new double[256];
    double[] known = new double[256];
    int[] realised = new int[256];
    double[] points = new double[64];
    int epoch;

    Scratch ensure(int m) {
      if (keys.length < m) {
        keys = new double[m];
        items = new int[m];
        offsets = new double[m];
        realisedItems = new int[m];
        ends = new double[m];
        known = new double[m];
        realised = new int[m];
        epoch = 0;
      }
      return this;
    }

    /** The points buffer, grown to hold at least {@code size}. */
    double[] points(int size) {
      if (points.length < size) {
        points = java.util.Arrays.copyOf(points, Math.max(size, 2 * points.length));
      }
      return points;
    }

    int nextEpoch() {
      if (++epoch == 0) { // after 2^32 draws: forget every mark
        java.util.Arrays.fill(realised, 0);
        epoch = 1;
      }
      return epoch;
    }
  }
}
