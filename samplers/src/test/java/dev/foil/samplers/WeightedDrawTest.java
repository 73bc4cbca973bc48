package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log-space draw without replacement: its distribution is that of sequential draws, at any scale. */
class WeightedDrawTest {

  /**
   * Ordered pairs (first, second draw) from six items whose weights are 1e-400 apart from 1 — far
   * below the smallest double — follow p(i, j) = w_i / W · w_j / (W − w_i), the law of sequential draws.
   */
  @Test
  void orderedPairsFollowSequentialDrawsEvenBelowTheDoubleRange() {
    double[] w = {1, 2, 3, 4, 6, 9};
    double shift = -400 * Math.log(10); // every weight times 1e-400
    double[] logW = new double[w.length];
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      logW[i] = Math.log(w[i]) + shift;
      total += w[i];
    }
    int draws = 200_000;
    long[][] counts = new long[w.length][w.length];
    SplittableRandom rng = new SplittableRandom(5);
    for (int t = 0; t < draws; t++) {
      int[] d = WeightedDraw.withoutReplacement(logW, 2, rng.split());
      assertEquals(2, d.length, "no weight underflowed");
      counts[d[0]][d[1]]++;
    }
    double chi2 = 0;
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < w.length; j++) {
        if (i != j) {
          double e = draws * (w[i] / total) * (w[j] / (total - w[i]));
          chi2 += (counts[i][j] - e) * (counts[i][j] - e) / e;
        }
      }
    }
    // 29 degrees of freedom: P(chi2 > 58.30) = 0.001.
    assertTrue(chi2 < 58.30, "chi-square " + chi2);
  }

  /** The bound that refuses items without a logarithm must not change the law: a long list, few draws. */
  @Test
  void theThirdDrawOfAHundredItemsFollowsSequentialDraws() {
    int m = 100;
    double[] logW = new double[m];
    for (int i = 0; i < m; i++) {
      logW[i] = -0.05 * i; // weights e^{−0.05 i}: most items sit far below the heap's threshold
    }
    int draws = 100_000;
    long[] firstOf = new long[m];
    SplittableRandom rng = new SplittableRandom(9);
    for (int t = 0; t < draws; t++) {
      firstOf[WeightedDraw.withoutReplacement(logW, 3, rng.split())[0]]++;
    }
    double[] p = WeightedDraw.firstDrawProbabilities(logW);
    double chi2 = 0;
    int cells = 0;
    for (int i = 0; i < m; i++) {
      double e = draws * p[i];
      if (e >= 20) {
        chi2 += (firstOf[i] - e) * (firstOf[i] - e) / e;
        cells++;
      }
    }
    assertTrue(cells > 40, "cells " + cells);
    // Fewer than 100 cells: P(chi2 > df + 4.5 sqrt(2 df)) < 0.001 for df ≥ 40.
    double df = cells - 1;
    assertTrue(chi2 < df + 4.5 * Math.sqrt(2 * df), "chi-square " + chi2 + " over " + cells + " cells");
  }

  /**
   * The threshold only changes speed: set so high that almost every draw falls back on completing the
   * unrealised E_i (B_i plus a fresh exponential), or so low that every key is computed, the ordered
   * first two draws of 30 items still follow the sequential law (completing with a bare exponential
   * instead fails the n = 25 case).
   */
  @Test
  void theThresholdNeverChangesTheLaw() {
    double[] logW = new double[30];
    double[] w = new double[30];
    double total = 0;
    for (int i = 0; i < 30; i++) {
      logW[i] = -0.15 * i;
      w[i] = Math.exp(logW[i]);
      total += w[i];
    }
    // (draws kept, expected keys above the threshold): far above, near, far below; and 25 of 30 with few
    // expected, where every draw completes large intervals B_i.
    for (double[] setting : new double[][] {{2, 0.01}, {2, 1}, {2, 1000}, {25, 5}}) {
      int n = (int) setting[0];
      double expected = setting[1];
      int draws = 120_000;
      long[][] counts = new long[4][4]; // pairs among the four heaviest items, the rest pooled as 3
      SplittableRandom rng = new SplittableRandom(17);
      for (int t = 0; t < draws; t++) {
        int[] d = WeightedDraw.withoutReplacement(logW, n, rng.split(), expected);
        counts[Math.min(d[0], 3)][Math.min(d[1], 3)]++;
      }
      double chi2 = 0;
      int cells = 0;
      for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
          double p = 0;
          for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
              if (i != j && Math.min(i, 3) == a && Math.min(j, 3) == b) {
                p += (w[i] / total) * (w[j] / (total - w[i]));
              }
            }
          }
          if (p > 0) {
            double e = draws * p;
            chi2 += (counts[a][b] - e) * (counts[a][b] - e) / e;
            cells++;
          }
        }
      }
      // 13 possible cells (an item is not drawn twice), 12 degrees of freedom: P(chi2 > 32.91) = 0.001.
      assertEquals(13, cells);
      assertTrue(chi2 < 32.91, "n " + n + ", expected " + expected + ": chi-square " + chi2);
    }
  }

  @Test
  void zeroWeightsAreNeverDrawnAndInvalidOnesAreRefused() {
    double ninf = Double.NEGATIVE_INFINITY;
    double[] logW = {ninf, 0, ninf, -3, ninf};
    SplittableRandom rng = new SplittableRandom(1);
    for (int t = 0; t < 100; t++) {
      int[] d = WeightedDraw.withoutReplacement(logW, 4, rng.split());
      assertEquals(2, d.length);
      assertEquals(Set.of(1, 3), new HashSet<>(Arrays.asList(d[0], d[1])));
    }
    assertArrayEquals(new int[0], WeightedDraw.withoutReplacement(new double[] {ninf}, 3, rng));
    assertArrayEquals(new double[] {0, 0}, WeightedDraw.firstDrawProbabilities(new double[] {ninf, ninf}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WeightedDraw.withoutReplacement(new double[] {0, Double.NaN}, 1, rng));
    assertEquals("log-weight 1 is NaN; log-weights must be < +Infinity", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> WeightedDraw.withoutReplacement(new double[] {Double.POSITIVE_INFINITY}, 1, rng));
  }

  @Test
  void theSameGeneratorGivesTheSameDraw() {
    double[] logW = new double[200];
    for (int i = 0; i < logW.length; i++) {
      logW[i] = -Math.pow((i - 80) / 10.0, 2);
    }
    assertArrayEquals(WeightedDraw.withoutReplacement(logW, 15, new SplittableRandom(3)),
        WeightedDraw.withoutReplacement(logW, 15, new SplittableRandom(3)));
  }
}
