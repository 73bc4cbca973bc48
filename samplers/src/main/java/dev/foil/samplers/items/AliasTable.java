package dev.foil.samplers.items;

import java.util.SplittableRandom;

/**
 * Walker's alias method (Vose's construction): draws index i with probability w_i / Σw in O(1) from
 * one 64-bit random number, after O(n) set-up.
 */
final class AliasTable {
  private final double[] accept;
  private final int[] alias;

  AliasTable(double[] weights) {
    int n = weights.length;
    double total = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weights must be finite and non-negative, got " + w);
      }
      total += w;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("weights sum to zero");
    }
    accept = new double[n];
    alias = new int[n];
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int ns = 0;
    int nl = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / total;
      if (scaled[i] < 1) {
        small[ns++] = i;
      } else {
        large[nl++] = i;
      }
    }
    while (ns > 0 && nl > 0) {
      int s = small[--ns];
      int l = large[--nl];
      accept[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) {
        small[ns++] = l;
      } else {
        large[nl++] = l;
      }
    }
    while (nl > 0) {
      accept[large[--nl]] = 1;
    }
    while (ns > 0) {
      accept[small[--ns]] = 1; // rounding leftovers
    }
  }

  int size() {
    return accept.length;
  }

  int sample(SplittableRandom rng) {
    long r = rng.nextLong();
    int column = (int) (((r >>> 32) * accept.length) >>> 32);
    double coin = (r & 0xFFFFFFFFL) * 0x1.0p-32;
    return coin < accept[column] ? column : alias[column];
  }
}
