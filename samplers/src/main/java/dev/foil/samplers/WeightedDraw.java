package dev.foil.samplers;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws without replacement in proportion to weights given as natural logarithms: the result has the
 * distribution of sequential draws, each picking item i with probability w_i / Σ_{j not yet drawn} w_j.
 *
 * <p>The method groups the items into levels of similar weight and draws by rejection, as the dynamic
 * generator of Matias, Vitter and Ni does ("Dynamic Generation of Discrete Random Variates", Theory of
 * Computing Systems 36, 2003, §2, whose ranges hold weights within a factor of 2). Item i belongs to
 * level j = ⌊4·(max − l_i)⌋, whose bound u_j = e^(−j/4) is at least the item's weight relative to the
 * largest, e^(l_i − max), and at most e^(1/4) times it. One proposal picks a level with probability
 * proportional to count_j·u_j, an item of that level uniformly, and accepts it with probability
 * e^(l_i − max) / u_j, at least e^(−1/4) ≈ 0.78 (below that, a uniform accepts without a logarithm).
 * An accepted proposal is item i with probability ∝ w_i; a drawn item leaves its level and its bound
 * leaves the total, so the next draw follows the law of the items not yet drawn, in the sequential order.
 * Working on log-weights, no weight underflows: items whose weights would be 1e-400 apart keep their odds.
 * When the weights are flat enough that a uniform proposal over all items is accepted often (Σ_i u_j(i)
 * ≥ m/3), the items stay in one level of bound 1 and are not sorted. Between 1.05 proposals per draw
 * (sorted) and about 1.6 (one level) replace a random number and a logarithm per item.
 *
 * <p>Items 12 or more below the maximum in log-weight share the deepest level, whose
 * bound e^−12 is loose for them: they are proposed rarely and accepted by the exact test. Should a draw
 * refuse 32 proposals in a row (which happens when the deepest level is all that is left),
 * the remaining draws go to {@link KeyDraw}, exact for any spread of weights. Handing over after a number
 * of refusals, a count that does not depend on which item a proposal would have accepted, keeps the law.
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
    return withoutReplacement(logWeights, n, rng, PATIENCE);
  }

  /** Proposals refused in a row before the remaining draws are handed to {@link KeyDraw}. */
  static final int PATIENCE = 32;

  /** The draw handing over after {@code patience} refusals in a row: the tests set it low; the law is the same. */
  static int[] withoutReplacement(double[] logWeights, int n, SplittableRandom g, int patience) {
    double max = maximum(logWeights);
    if (!(max < Double.POSITIVE_INFINITY)) {
      throw invalid(logWeights);
    }
    if (max == Double.NEGATIVE_INFINITY || n <= 0) {
      return new int[0];
    }
    Levels lv = LEVELS_OF_THREAD.get().prepare(logWeights, max);
    int k = Math.min(n, lv.drawable);
    int[] out = new int[k];
    int[] count = lv.count;
    int[] start = lv.start;
    int[] slots = lv.slots;
    int[] levelOf = lv.levelOf;
    int deepest = lv.deepest;
    int first = 0; // no item is left above this level
    double mass = lv.mass;
    for (int r = 0; r < k; r++) {
      for (int refused = 0; ; refused++) {
        if (refused == patience) {
          handOver(logWeights, out, r, g);
          return out;
        }
        double x = uniform(g) * mass;
        int j = first;
        double levelMass;
        while ((levelMass = count[j] * BOUND[j]) <= x && j < deepest) {
          x -= levelMass;
          j++;
        }
        if (x >= levelMass) {
          continue; // past the last level, in the mass's slack: refused like any proposal
        }
        int slot = start[j] + Math.min((int) (x * INVERSE_BOUND[j]), count[j] - 1);
        int item = slots[slot];
        double u = uniform(g);
        double floor = FLOOR[deepest == 0 ? levelOf[item] : j]; // sorted by level, the item's level is j
        if (u * BOUND[j] < floor || Math.log(u) + LOG_BOUND[j] < logWeights[item] - max) {
          out[r] = item;
          int last = start[j] + --count[j]; // the item leaves its level: swapped past the level's end
          slots[slot] = slots[last];
          slots[last] = item;
          mass = mass - BOUND[j] + mass * SLACK;
          while (first < deepest && count[first] == 0) {
            first++;
          }
          break;
        }
      }
    }
    return out;
  }

  /** The largest log-weight, −Infinity for none; NaN if any is NaN. */
  private static double maximum(double[] logWeights) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logWeights) {
      max = Math.max(max, l); // a NaN stays NaN
    }
    return max;
  }

  private static IllegalArgumentException invalid(double[] logWeights) {
    for (int i = 0; ; i++) {
      if (!(logWeights[i] < Double.POSITIVE_INFINITY)) {
        return new IllegalArgumentException(
            "log-weight " + i + " is " + logWeights[i] + "; log-weights must be < +Infinity");
      }
    }
  }

  /**
   * Draws the last {@code out.length − r} items by keys, the first {@code r} (already in {@code out})
   * given weight 0: sequential draws conditioned on the first r, the law the level draw follows.
   */
  private static void handOver(double[] logWeights, int[] out, int r, SplittableRandom g) {
    double[] rest = Arrays.copyOf(logWeights, logWeights.length);
    for (int i = 0; i < r; i++) {
      rest[out[i]] = Double.NEGATIVE_INFINITY;
    }
    int[] tail = KeyDraw.withoutReplacement(rest, out.length - r, g);
    System.arraycopy(tail, 0, out, r, tail.length);
  }

  /** A uniform on (0, 1], from the top 53 bits of one {@code nextLong}. */
  private static double uniform(SplittableRandom g) {
    return ((g.nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  /** Levels per unit of log-weight. */
  private static final int STEPS = 4;
  /** How far below the maximum, in log-weight, the levels reach; deeper items share the deepest level. */
  private static final int LEVEL_REACH = 12;
  private static final int DEEPEST = STEPS * LEVEL_REACH;
  private static final int LEVELS = DEEPEST + 1;
  /** Each level's bound u_j = e^(−j/4) (a hair above, against rounding), its inverse and its logarithm. */
  private static final double[] BOUND = new double[LEVELS];
  private static final double[] INVERSE_BOUND = new double[LEVELS];
  private static final double[] LOG_BOUND = new double[LEVELS];
  /**
   * A floor under the relative weight e^(l_i − max) of an item of level j, e^(−(j+1)/4) (a hair below),
   * 0 for the deepest level, whose items may lie anywhere below its bound: a proposal from level J
   * whose uniform u has u·u_J below its item's floor is accepted without a logarithm.
   */
  private static final double[] FLOOR = new double[LEVELS];
  /** Added to the running mass at each removal, relative to it, so that rounding never leaves it short. */
  private static final double SLACK = 0x1p-40;
  /** Histograms the level sort counts in side by side. */
  private static final int LANES = 4;

  static {
    for (int j = 0; j < LEVELS; j++) {
      BOUND[j] = Math.exp(-(double) j / STEPS) * (1 + 1e-12);
      INVERSE_BOUND[j] = 1 / BOUND[j];
      LOG_BOUND[j] = Math.log(BOUND[j]);
      FLOOR[j] = j < DEEPEST ? Math.exp(-(j + 1.0) / STEPS) * (1 - 1e-9) : 0;
    }
  }

  private static final ThreadLocal<Levels> LEVELS_OF_THREAD = ThreadLocal.withInitial(Levels::new);

  /**
   * One thread's items laid out by level: level j's items are {@code slots[start[j] .. start[j] +
   * count[j])} for j up to {@code deepest} (all in level 0, bound 1, when the weights are flat);
   * {@code levelOf} holds each item's own level and {@code mass} is at least Σ_j count_j·u_j.
   */
  private static final class Levels {
    final int[] count = new int[LEVELS];
    final int[] start = new int[LEVELS];
    /** Item i's count goes to histogram i mod 4, so that no count waits on the one just stored. */
    final int[] lanes = new int[LANES * LEVELS];
    int[] slots = new int[256];
    int[] levelOf = new int[256];
    int deepest;
    int drawable;
    double mass;

    /**
     * Finds each item's level, then lays the items out: all in level 0 (bound 1) when a uniform
     * proposal over them is accepted often enough, Σ_i u_(level i) ≥ m/3, else sorted by level.
     */
    Levels prepare(double[] logWeights, double max) {
      int m = logWeights.length;
      if (slots.length < m) {
        slots = new int[m];
        levelOf = new int[m];
      }
      int deep = 0;
      for (int i = 0; i < m; i++) { // a loop the compiler vectorises
        int j = (int) Math.min((max - logWeights[i]) * STEPS, DEEPEST); // a zero weight: the deepest
        levelOf[i] = j;
        deep = Math.max(deep, j);
      }
      drawable = deep < DEEPEST ? m : m - zeros(logWeights);
      if (3 * boundTotal(m) >= m) {
        for (int i = 0; i < m; i++) {
          slots[i] = i;
        }
        count[0] = m;
        start[0] = 0;
        deepest = 0;
        mass = m * BOUND[0] * (1 + SLACK);
        return this;
      }
      return sort(m, deep);
    }

    /** Σ_i u_(level of i), four sums side by side. */
    private double boundTotal(int m) {
      double t0 = 0;
      double t1 = 0;
      double t2 = 0;
      double t3 = 0;
      int i = 0;
      for (; i + 3 < m; i += 4) {
        t0 += BOUND[levelOf[i]];
        t1 += BOUND[levelOf[i + 1]];
        t2 += BOUND[levelOf[i + 2]];
        t3 += BOUND[levelOf[i + 3]];
      }
      for (; i < m; i++) {
        t0 += BOUND[levelOf[i]];
      }
      return (t0 + t1) + (t2 + t3);
    }

    /** Sorts the items by level (the levels found down to {@code deep}). */
    private Levels sort(int m, int deep) {
      Arrays.fill(lanes, 0, LANES * (deep + 1), 0);
      int i = 0;
      for (; i + 3 < m; i += 4) {
        lanes[levelOf[i] * LANES]++;
        lanes[levelOf[i + 1] * LANES + 1]++;
        lanes[levelOf[i + 2] * LANES + 2]++;
        lanes[levelOf[i + 3] * LANES + 3]++;
      }
      for (; i < m; i++) {
        lanes[levelOf[i] * LANES + (i & 3)]++;
      }
      int end = 0;
      double sum = 0;
      for (int j = 0; j <= deep; j++) { // each lane's counts become the next slot its items go to
        int l = j * LANES;
        int c0 = lanes[l];
        int c1 = lanes[l + 1];
        int c2 = lanes[l + 2];
        int c3 = lanes[l + 3];
        lanes[l] = end;
        lanes[l + 1] = end + c0;
        lanes[l + 2] = end + c0 + c1;
        lanes[l + 3] = end + c0 + c1 + c2;
        count[j] = c0 + c1 + c2 + c3;
        start[j] = end;
        end += count[j];
        sum += count[j] * BOUND[j];
      }
      for (i = 0; i + 3 < m; i += 4) {
        slots[lanes[levelOf[i] * LANES]++] = i;
        slots[lanes[levelOf[i + 1] * LANES + 1]++] = i + 1;
        slots[lanes[levelOf[i + 2] * LANES + 2]++] = i + 2;
        slots[lanes[levelOf[i + 3] * LANES + 3]++] = i + 3;
      }
      for (; i < m; i++) {
        slots[lanes[levelOf[i] * LANES + (i & 3)]++] = i;
      }
      deepest = deep;
      mass = sum * (1 + SLACK);
      return this;
    }

    private static int zeros(double[] logWeights) {
      int zeros = 0;
      for (double l : logWeights) {
        zeros += l == Double.NEGATIVE_INFINITY ? 1 : 0;
      }
      return zeros;
    }
  }

  /**
   * The probability of each item being drawn first, w_i / Σ w, from log-weights (shifted by their
   * maximum, so that no weight underflows to a 0/0); all zeros when no item is drawable.
   */
  public static double[] firstDrawProbabilities(double[] logWeights) {
    double max = maximum(logWeights);
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
