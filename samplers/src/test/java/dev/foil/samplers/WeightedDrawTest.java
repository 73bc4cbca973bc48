package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        int[] d = KeyDraw.withoutReplacement(logW, n, rng.split(), expected);
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

  /**
   * Both layouts of the level draw, and a hand-over to the keys after 0, 1 or 2 refused proposals (at
   * random points of a draw, then), give the sequential law for the ordered first two draws of 30 items.
   * Weights e^(−0.02 i) are all proposed from one level (Σ u ≥ m/3: about 0.75·30); weights e^(−0.15 i)
   * are sorted into levels (Σ u ≈ 8 &lt; 10).
   */
  @Test
  void everyLayoutAndHandOverFollowsSequentialDraws() {
    for (double slope : new double[] {0.02, 0.15}) {
      double[] logW = new double[30];
      double[] w = new double[30];
      double total = 0;
      for (int i = 0; i < 30; i++) {
        logW[i] = -slope * i;
        w[i] = Math.exp(logW[i]);
        total += w[i];
      }
      for (int patience : new int[] {0, 1, 2, WeightedDraw.PATIENCE}) {
        int draws = 120_000;
        long[][] counts = new long[30][30];
        SplittableRandom rng = new SplittableRandom(23);
        for (int t = 0; t < draws; t++) {
          int[] d = WeightedDraw.withoutReplacement(logW, 2, rng.split(), patience);
          assertNotEquals(d[0], d[1], "drawn twice");
          counts[d[0]][d[1]]++;
        }
        // Cells pooled by the first draw (30) and by whether the second is one of the five heaviest left.
        double chi2 = 0;
        for (int i = 0; i < 30; i++) {
          double[] e = new double[2];
          long[] o = new long[2];
          int heavier = 0;
          for (int j = 0; j < 30; j++) {
            if (j != i) {
              int cell = heavier++ < 5 ? 0 : 1;
              e[cell] += draws * (w[i] / total) * (w[j] / (total - w[i]));
              o[cell] += counts[i][j];
            }
          }
          for (int c = 0; c < 2; c++) {
            chi2 += (o[c] - e[c]) * (o[c] - e[c]) / e[c];
          }
        }
        // 59 degrees of freedom: P(chi2 > 98.3) = 0.001.
        assertTrue(chi2 < 98.3, "slope " + slope + ", patience " + patience + ": chi-square " + chi2);
      }
    }
  }

  /**
   * Items 12 or more below the largest log-weight share the deepest level; those 40 below are never
   * accepted from it, and the draw hands them to the keys. Either way each keeps its odds: of two such
   * items a factor e apart, the heavier comes first with probability e / (1 + e).
   */
  @Test
  void itemsBelowTheLevelsKeepTheirOdds() {
    double[] logW = {0, -3, -13, -14, -40, -41};
    int draws = 100_000;
    int firstHeaviest = 0;
    int thirteenFirst = 0;
    int fortyFirst = 0;
    SplittableRandom rng = new SplittableRandom(31);
    for (int t = 0; t < draws; t++) {
      int[] d = WeightedDraw.withoutReplacement(logW, 6, rng.split());
      assertEquals(6, d.length);
      int[] at = new int[6];
      for (int r = 0; r < 6; r++) {
        at[d[r]] = r;
      }
      firstHeaviest += d[0] == 0 ? 1 : 0;
      thirteenFirst += at[2] < at[3] ? 1 : 0;
      fortyFirst += at[4] < at[5] ? 1 : 0;
    }
    double pFirst = 1 / (1 + Math.exp(-3) + Math.exp(-13) + Math.exp(-14) + Math.exp(-40) + Math.exp(-41));
    double pPair = Math.E / (1 + Math.E);
    double sdPair = Math.sqrt(pPair * (1 - pPair) / draws);
    assertEquals(pFirst, firstHeaviest / (double) draws, 5 * Math.sqrt(pFirst * (1 - pFirst) / draws));
    assertEquals(pPair, thirteenFirst / (double) draws, 5 * sdPair, "e^-13 before e^-14");
    assertEquals(pPair, fortyFirst / (double) draws, 5 * sdPair, "e^-40 before e^-41");
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
