package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * SimANS at scales where weights computed as {@code exp()} underflow: BM25-like scores (a spread of
 * tens) with a large {@code a}. The draw must still come from SimANS, concentrated next to s⁺.
 */
class SimAnsScaleProperties {
  private static final SamplerRegistry REGISTRY = SamplerRegistry.load();

  /** 200 distinct BM25-scale scores in [2, 42), in descending (pool) order. */
  private static float[] bm25Scores(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] s = new float[200];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (2 + 40 * r.nextDouble());
    }
    Arrays.sort(s);
    for (int i = 0; i < s.length / 2; i++) {
      float t = s[i];
      s[i] = s[s.length - 1 - i];
      s[s.length - 1 - i] = t;
    }
    return s;
  }

  private static SamplingContext context(float[] s, float positive, SplittableRandom rng) {
    int[] docs = new int[s.length];
    int[] ranks = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      docs[i] = i;
      ranks[i] = i + 1;
    }
    return new SamplingContext("q", docs, s, ranks, List.of("bm25"), new float[][] {s}, new int[][] {ranks},
        positive, 10_000, d -> false, rng);
  }

  @Property(tries = 200)
  void extremeAOnBm25ScoresStillDrawsFromSimAnsNextToThePositive(
      @ForAll long seed, @ForAll @DoubleRange(min = 20, max = 5000) double a,
      @ForAll @DoubleRange(min = 10, max = 34) double positive, @ForAll @IntRange(min = 1, max = 30) int n) {
    float[] s = bm25Scores(seed);
    float pos = (float) positive;
    NegativeSampler simans = REGISTRY.parse("simans(a=" + a + ",b=0)");
    int[] picked = simans.sample(context(s, pos, new SplittableRandom(seed)), n);
    assertEquals(n, picked.length, "SimANS itself picked every negative: no weight underflowed");
    assertEquals(n, Arrays.stream(picked).distinct().count());
    // In expectation the first pick's gap is Σ p_i |s_i − s⁺| with p the kernel's normalised weights
    // (from log-weights); 400 repeated draws estimate it within Bernstein's bound at δ = 1e-9. A normal
    // approximation (a few standard errors) is not a bound here: with a large a one item can hold
    // 0.99999 of the mass and a rare one, 85 times farther, turns up once in 400 draws 0.4 % of the time.
    double[] p = simans.firstDrawProbabilities(context(s, pos, new SplittableRandom(0)));
    double mean = 0;
    double second = 0;
    for (int i = 0; i < s.length; i++) {
      double g = Math.abs(s[i] - pos);
      mean += p[i] * g;
      second += p[i] * g * g;
    }
    double range = 0; // the largest deviation from the mean among items that can turn up (p ≥ 1e-12)
    for (int i = 0; i < s.length; i++) {
      range = p[i] >= 1e-12 ? Math.max(range, Math.abs(Math.abs(s[i] - pos) - mean)) : range;
    }
    double log = Math.log(2 / 1e-9);
    double bound = Math.sqrt(2 * Math.max(second - mean * mean, 0) * log / 400) + 2 * range * log / (3 * 400);
    SplittableRandom rng = new SplittableRandom(seed);
    double observed = 0;
    for (int t = 0; t < 400; t++) {
      observed += Math.abs(s[simans.sample(context(s, pos, rng.split()), n)[0]] - pos) / 400;
    }
    assertEquals(mean, observed, bound + 1e-6, "first pick's mean gap");
    // And that expectation is next to s⁺: below the mean gap of the 20 closest candidates (about one point), where a
    // uniform draw over the pool sits about ten points away.
    Integer[] byGap = new Integer[s.length];
    for (int i = 0; i < s.length; i++) {
      byGap[i] = i;
    }
    Arrays.sort(byGap, (x, y) -> Double.compare(Math.abs(s[x] - pos), Math.abs(s[y] - pos)));
    double closest20 = 0;
    for (int i = 0; i < 20; i++) {
      closest20 += Math.abs(s[byGap[i]] - pos) / 20;
    }
    assertTrue(mean <= closest20, "expected first-pick gap " + mean + " vs the 20 closest' " + closest20);
  }

  @Property(tries = 50)
  void aHugeAPicksExactlyTheClosestCandidatesClosestFirst(@ForAll long seed, @ForAll @IntRange(min = 1, max = 15) int n) {
    // Scores on a 0.25 grid, positive between grid points: gaps are distinct, so the closest n are unique.
    float[] s = new float[160];
    for (int i = 0; i < s.length; i++) {
      s[i] = 42 - 0.25f * i;
    }
    float pos = 21.1f;
    int[] picked = REGISTRY.parse("simans(a=1000000,b=0)").sample(context(s, pos, new SplittableRandom(seed)), n);
    Integer[] byGap = new Integer[s.length];
    for (int i = 0; i < s.length; i++) {
      byGap[i] = i;
    }
    Arrays.sort(byGap, (x, y) -> Double.compare(Math.abs(s[x] - pos), Math.abs(s[y] - pos)));
    for (int i = 0; i < n; i++) {
      assertEquals((int) byGap[i], picked[i], "draw " + i);
    }
  }

  @Property(tries = 100)
  void theStandardisedFormIsTheSameOnEveryScale(@ForAll long seed, @ForAll @DoubleRange(min = 0.01, max = 1000) double scale,
      @ForAll @DoubleRange(min = -50, max = 50) double shift) {
    // simans-z on s and on scale·s + shift: the same weights, hence the same draw from the same generator.
    float[] s = bm25Scores(seed);
    float[] t = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      t[i] = (float) (scale * s[i] + shift);
    }
    NegativeSampler z = REGISTRY.parse("simans-z(a=2,b=0)");
    double[] ps = z.firstDrawProbabilities(context(s, 25f, new SplittableRandom(1)));
    double[] pt = z.firstDrawProbabilities(context(t, (float) (scale * 25 + shift), new SplittableRandom(1)));
    for (int i = 0; i < ps.length; i++) {
      assertEquals(ps[i], pt[i], 1e-3 * Math.max(ps[i], 1e-6) + 1e-9, "candidate " + i);
    }
  }
}
