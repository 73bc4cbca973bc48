package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Query;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.samplers.adapt.FalseNegativeAdapter;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.RankPropensity;
import dev.foil.samplers.pipeline.Explanation;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.retrieval.SimAnsSampler;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Explanations say why each negative is there, and asking for them changes nothing that is mined. */
class ExplanationTest {
  private static final SamplerRegistry REGISTRY = SamplerRegistry.load();

  /** Docs 0..19 scored 1.0, 0.95, …, ranked in that order; positive 50 scored 0.6. */
  private static CandidatePool pool() {
    return Pools.descending(20, 0.6f);
  }

  /** P(false negative) = 0.9 for docs 0..2, 0.1 for the rest. */
  private static final FalseNegativeEstimator FIXED = (q, pos, cands) -> {
    double[] p = new double[cands.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = cands[i] < 3 ? 0.9 : 0.1;
    }
    return p;
  };

  private static MinedExample mine(String sampler, int n, String adapter, boolean explain, MiningStats stats)
      throws Exception {
    Miner.Settings s = new Miner.Settings(REGISTRY.parse(sampler), n, 7, 0, false,
        adapter == null ? null : FalseNegativeAdapter.parse(adapter), adapter == null ? null : FIXED,
        new RankPropensity(2, 1, 1000), explain);
    return new Miner(s, null, 200).mine(pool(), new Query("q", "the query"), Set.of(), stats);
  }

  @Test
  void askingForExplanationsChangesNothingMined() throws Exception {
    for (String adapter : new String[] {null, "fn-drop(0.5)", "fn-reweight", "fn-resample"}) {
      MiningStats plain = new MiningStats();
      MiningStats explained = new MiningStats();
      MinedExample a = mine("simans(a=20,b=0)", 6, adapter, false, plain);
      MinedExample b = mine("simans(a=20,b=0)", 6, adapter, true, explained);
      assertEquals(a.negatives(), b.negatives(), String.valueOf(adapter));
      assertEquals(plain.stages.keySet(), explained.stages.keySet());
      assertEquals(List.of(), a.explanations());
      assertEquals(b.negatives().size(), b.explanations().size());
    }
  }

  @Test
  void aSampledNegativeCarriesItsStageScoreProbabilityAndWeightFactors() throws Exception {
    MinedExample ex = mine("simans(a=20,b=0)", 5, "fn-reweight", true, new MiningStats());
    double[] p = weights((SimAnsSampler) REGISTRY.parse("simans(a=20,b=0)"));
    for (int i = 0; i < ex.negatives().size(); i++) {
      Negative n = ex.negatives().get(i);
      Explanation e = ex.explanations().get(i);
      assertEquals("sampler simans(a=20,b=0)", e.keptBy());
      assertEquals(List.of("positives"), e.passed());
      assertEquals(n.score(), e.referenceScore());
      assertEquals(n.rank(), e.referenceRank());
      assertEquals(p[n.doc()], e.probability(), 1e-12, "SimANS's normalised weight over the candidates");
      assertEquals(n.doc() < 3 ? 0.9 : 0.1, e.falseNegative(), 1e-12);
      assertEquals(n.weight(), e.weightFactors().get("fn-reweight") * e.weightFactors().get("cet"), 1e-12,
          "the weight is the product of its factors");
    }
  }

  /** SimANS weights of the 20 candidates against the positive's 0.6, normalised. */
  private static double[] weights(SimAnsSampler s) {
    double[] w = new double[20];
    double total = 0;
    for (int i = 0; i < 20; i++) {
      w[i] = Math.exp(s.logWeight(1f - i / 20f, 0.6f));
      total += w[i];
    }
    for (int i = 0; i < 20; i++) {
      w[i] /= total;
    }
    return w;
  }

  @Test
  void filtersARuleSamplerAndTopUpsAreExplainedAsSuch() throws Exception {
    // fn-drop removes docs 0..2; top-k then takes 3..19 (17 docs) and 3 top-ups come from the corpus.
    MinedExample ex = mine("top-k", 20, "fn-drop(0.5)", true, new MiningStats());
    assertEquals(20, ex.explanations().size());
    for (int i = 0; i < 20; i++) {
      Explanation e = ex.explanations().get(i);
      if (ex.negatives().get(i).topUp()) {
        assertEquals("top-up(random)", e.keptBy());
        assertEquals(List.of("positives"), e.passed(), "top-ups pass the filters that apply to corpus draws");
        assertNull(e.probability());
        assertTrue(Float.isNaN(e.referenceScore()) || ex.negatives().get(i).doc() < 3);
      } else {
        assertEquals("sampler top-k", e.keptBy());
        assertEquals(List.of("positives", "fn-drop(0.5)"), e.passed());
        assertNull(e.probability(), "top-k is a rule, not a distribution");
      }
    }
    assertEquals(3, ex.negatives().stream().filter(Negative::topUp).count());
  }
}
