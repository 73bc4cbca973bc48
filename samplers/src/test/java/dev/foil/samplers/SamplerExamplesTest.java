package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Query;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.Negative;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerExamplesTest {
  private static final SamplerRegistry REGISTRY = SamplerRegistry.load();

  /** A one-source pool of docs 0..m-1 with the given scores (ranked in that order), positives given. */
  private static CandidatePool pool(float[] scores, int[] positives, float[] positiveScores) {
    int m = scores.length;
    int[] docs = new int[m];
    int[] ranks = new int[m];
    for (int i = 0; i < m; i++) {
      docs[i] = i;
      ranks[i] = i + 1;
    }
    return new CandidatePool("q", List.of("dense"), docs, new float[m], new float[][] {scores}, new int[][] {ranks},
        positives, new float[][] {positiveScores}, new int[][] {new int[positives.length]});
  }

  private static MinedExample mine(String spec, CandidatePool p, int n, int corpus) throws Exception {
    return new Miner(new Miner.Settings(REGISTRY.parse(spec), n, 7, 0, false, null, null, null), null, corpus)
        .mine(p, new Query("q", "q"), Set.of(), new MiningStats());
  }

  private static int[] docs(MinedExample ex) {
    return ex.negatives().stream().mapToInt(Negative::doc).toArray();
  }

  @Test
  void marginsUseTheLowestPositiveAsReference() throws Exception {
    // Two positives scored 0.9 and 0.6: the reference is 0.6.
    float[] s = {0.95f, 0.7f, 0.61f, 0.59f, 0.5f, 0.3f};
    CandidatePool p = pool(s, new int[] {100, 101}, new float[] {0.9f, 0.6f});
    // absolute-margin(0.05): ceiling 0.55 -> 0.5, 0.3.
    assertArrayEquals(new int[] {4, 5}, docs(mine("absolute-margin(0.05)", p, 2, 200)));
    // relative-margin(0.05): ceiling 0.6 * 0.95 = 0.57 -> 0.5, 0.3.
    assertArrayEquals(new int[] {4, 5}, docs(mine("relative-margin(0.05)", p, 2, 200)));
    // relative-margin(0): ceiling 0.6 -> 0.59 first.
    assertArrayEquals(new int[] {3, 4}, docs(mine("relative-margin(0)", p, 2, 200)));
    // top-k ignores the positives' scores.
    assertArrayEquals(new int[] {0, 1}, docs(mine("top-k", p, 2, 200)));
  }

  @Test
  void tooFewSurvivorsAreToppedUpFromTheCorpusAndFlagged() throws Exception {
    float[] s = {0.95f, 0.7f, 0.5f};
    CandidatePool p = pool(s, new int[] {50}, new float[] {0.6f});
    MinedExample ex = mine("absolute-margin(0)", p, 4, 200);
    assertEquals(4, ex.negatives().size());
    assertEquals(0, ex.shortfall());
    assertEquals(2, ex.negatives().get(0).doc());
    assertTrue(ex.negatives().subList(1, 4).stream().allMatch(Negative::topUp));
    assertTrue(ex.negatives().subList(1, 4).stream().allMatch(n -> n.reason().equals("top-up(random)")));
  }

  @Test
  void windowSamplesOnlyInsideItsRanks() throws Exception {
    float[] s = new float[30];
    for (int i = 0; i < 30; i++) {
      s[i] = 1 - i / 30f;
    }
    CandidatePool p = pool(s, new int[] {99}, new float[] {1f});
    for (int d : docs(mine("window(5,9)", p, 5, 200))) {
      assertTrue(d >= 4 && d <= 8, "rank " + (d + 1));
    }
  }

  @Test
  void simansFrequenciesMatchTheFormula() {
    // 10 candidates, scores 0.0..0.9, positive 0.6; p_i ∝ exp(−a (s_i − s⁺ − b)²), a = 8, b = −0.1.
    float[] s = new float[10];
    for (int i = 0; i < 10; i++) {
      s[i] = i / 10f;
    }
    double a = 8;
    double b = -0.1;
    NegativeSampler simans = REGISTRY.parse("simans(a=8,b=-0.1)");
    double[] expected = new double[10];
    double z = 0;
    for (int i = 0; i < 10; i++) {
      expected[i] = Math.exp(-a * Math.pow(s[i] - 0.6 - b, 2));
      z += expected[i];
    }
    int draws = 100_000;
    long[] counts = new long[10];
    int[] docs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    SplittableRandom rng = new SplittableRandom(11);
    for (int t = 0; t < draws; t++) {
      SamplingContext c = new SamplingContext("q", docs, s, new int[10], List.of("dense"), new float[][] {s},
          new int[][] {new int[10]}, 0.6f, 100, d -> false, rng.split());
      counts[simans.sample(c, 1)[0]]++;
    }
    double chi2 = 0;
    for (int i = 0; i < 10; i++) {
      double e = draws * expected[i] / z;
      chi2 += (counts[i] - e) * (counts[i] - e) / e;
    }
    // 9 degrees of freedom: P(chi2 > 27.88) = 0.001.
    assertTrue(chi2 < 27.88, "chi-square " + chi2);
  }

  @Test
  void simansVariantsDifferOnlyWhereTheyShould() {
    NegativeSampler paper = REGISTRY.parse("simans(a=1,b=0.2)");
    NegativeSampler code = REGISTRY.parse("simans-code(a=1,b=0.2)");
    NegativeSampler laplace = REGISTRY.parse("simans-laplace(tau=2)");
    assertEquals("simans(a=1,b=0.2)", paper.spec());
    assertEquals("simans-code(a=1,b=0.2)", code.spec());
    assertEquals("simans-laplace(tau=2)", laplace.spec());
    var p = (dev.foil.samplers.retrieval.SimAnsSampler) paper;
    assertEquals(0.0, p.logWeight(0.7, 0.5), 1e-12); // s − s⁺ − b = 0: the paper's mode sits above the positive
  }

  @Test
  void badParametersAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("simans(a=-1)"));
    assertEquals("simans: illegal a value: -1, must be > 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("window(20,10)"));
    assertTrue(e.getMessage().contains("hi"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("simans(c=1)"));
    assertTrue(e.getMessage().contains("unknown parameter c"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("nosuch(1)"));
    assertTrue(e.getMessage().contains("known samplers are"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("relative-margin(1.5)"));
    assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("window(2,9) | | top-k"));
    assertTrue(e.getMessage().contains("empty stage"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("simans(a=1,b=0) | top-k"));
    assertTrue(e.getMessage().startsWith("simans(a=1,b=0) cannot filter"), e.getMessage());
    assertEquals("window(10,210) | relative-margin(0.05) | simans-z(a=4,b=0)",
        REGISTRY.parse("window(10,210)|relative-margin(0.05)  |simans-z(a=4)").spec());
  }

  @Test
  void everySamplerIsFoundThroughTheServiceLoader() {
    assertEquals(Set.of("random", "top-k", "window", "score-window", "score-window-z", "absolute-margin",
        "relative-margin", "absolute-margin-z", "simans", "simans-z", "simans-code", "simans-laplace", "quota", "max-score", "min-score"),
        REGISTRY.names());
  }
}
