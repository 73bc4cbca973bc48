package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Document;
import dev.foil.index.data.Query;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.samplers.adapt.FalseNegativeAdapter;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.RankPropensity;
import dev.foil.samplers.adapt.TeacherMarginEstimator;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdaptersTest {
  private static final SamplerRegistry REGISTRY = SamplerRegistry.load();

  /** Docs 0..9 scored 1.0, 0.9, …, ranked in that order; positive 50 scored 0.95. */
  private static CandidatePool pool() {
    return Pools.descending(10, 0.95f);
  }

  /** P(false negative) = 0.9 for docs 0 and 1, 0.2 for the rest. */
  private static final FalseNegativeEstimator FIXED = (q, pos, cands) -> {
    double[] p = new double[cands.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = cands[i] < 2 ? 0.9 : 0.2;
    }
    return p;
  };

  private static MinedExample mine(String sampler, FalseNegativeAdapter a, FalseNegativeEstimator e,
      RankPropensity cet, TextLookup texts, MiningStats stats) throws Exception {
    return new Miner(new Miner.Settings(REGISTRY.parse(sampler), 3, 1, 0, texts != null, a, e, cet), texts, 100)
        .mine(pool(), new Query("q", "the query text"), Set.of(), stats);
  }

  private static int[] docs(MinedExample ex) {
    return ex.negatives().stream().mapToInt(Negative::doc).toArray();
  }

  @Test
  void dropRemovesLikelyFalseNegativesAndCountsThem() throws Exception {
    MiningStats stats = new MiningStats();
    MinedExample ex = mine("top-k", FalseNegativeAdapter.parse("fn-drop(0.5)"), FIXED, null, null, stats);
    assertArrayEquals(new int[] {2, 3, 4}, docs(ex));
    assertArrayEquals(new long[] {8, 2}, stats.stages.get("fn-drop(0.5)"));
  }

  @Test
  void reweightMultipliesByOneMinusP() throws Exception {
    MinedExample ex = mine("top-k", FalseNegativeAdapter.parse("fn-reweight"), FIXED, null, null, new MiningStats());
    assertArrayEquals(new int[] {0, 1, 2}, docs(ex));
    assertEquals(0.1, ex.negatives().get(0).weight(), 1e-12);
    assertEquals(0.8, ex.negatives().get(2).weight(), 1e-12);
  }

  @Test
  void resampleAvoidsLikelyFalseNegativesInProportion() throws Exception {
    // top-k proposes docs 0..5; drawing 3 in proportion to 1 − p rarely takes 0 or 1 (weight 0.1 vs 0.8).
    int taken = 0;
    for (int seed = 0; seed < 400; seed++) {
      MinedExample ex = new Miner(new Miner.Settings(REGISTRY.parse("top-k"), 3, seed, 0, false,
          FalseNegativeAdapter.parse("fn-resample"), FIXED, null), null, 100)
          .mine(pool(), new Query("q", "x"), Set.of(), new MiningStats());
      for (int d : docs(ex)) {
        assertTrue(d <= 5, "resampling draws from the 2n proposals only");
        taken += d < 2 ? 1 : 0;
      }
    }
    // Expected share of doc 0 or 1 among 1,200 draws is well under a third; uniform would give 400.
    assertTrue(taken < 250, "likely false negatives drawn " + taken + " times");
  }

  @Test
  void cetWeightsFollowTheSelectionModelAndAverageOne() throws Exception {
    MinedExample ex = mine("top-k", null, null, new RankPropensity(1, 1, 1000), null, new MiningStats());
    double[] w = ex.negatives().stream().mapToDouble(Negative::weight).toArray();
    // P(judged | rank r) = 1/r for ranks 1, 2, 3: mean 11/18.
    assertEquals(1 / (11.0 / 18), w[0], 1e-9);
    assertEquals(0.5 / (11.0 / 18), w[1], 1e-9);
    assertEquals(1.0, (w[0] + w[1] + w[2]) / 3, 1e-9);
  }

  @Test
  void textDuplicatesOfAPositiveOrTheQueryAreDropped() throws Exception {
    TextLookup texts = ord -> switch (ord) {
      case 0 -> new Document("d0", "", "Same  TEXT as the positive");
      case 1 -> new Document("d1", "", "the query text");
      case 50 -> new Document("p", "", "same text as the positive");
      default -> new Document("d" + ord, "", "other " + ord);
    };
    MiningStats stats = new MiningStats();
    MinedExample ex = mine("top-k", null, null, null, texts, stats);
    assertArrayEquals(new int[] {2, 3, 4}, docs(ex));
    assertArrayEquals(new long[] {8, 2}, stats.stages.get("text-duplicates"));
  }

  @Test
  void teacherMarginEstimatorIsOneHalfAtThePositivesScore() throws Exception {
    var est = new TeacherMarginEstimator((q, docs) -> {
      float[] s = new float[docs.length];
      for (int i = 0; i < docs.length; i++) {
        s[i] = docs[i] == 50 ? 0.6f : docs[i] / 10f;
      }
      return s;
    }, 0.05);
    double[] p = est.estimate(new Query("q", "x"), new int[] {50}, new int[] {6, 1, 9});
    assertEquals(0.5, p[0], 1e-6);
    assertTrue(p[1] < 0.001 && p[2] > 0.99);
    assertThrows(IllegalArgumentException.class, () -> FalseNegativeAdapter.parse("fn-drop(2)"));
    assertThrows(IllegalArgumentException.class, () -> FalseNegativeAdapter.parse("fn-maybe"));
  }
}
