package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Query;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.Negative;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants every sampler keeps, through the whole per-anchor pipeline. */
class SamplerProperties {
  private static final SamplerRegistry REGISTRY = SamplerRegistry.load();

  @Provide
  Arbitrary<String> specs() {
    return Arbitraries.of("random", "top-k", "window(3,40)", "score-window(0.2,0.6)", "absolute-margin(0.05)",
        "relative-margin(0.1)", "simans(a=2,b=0)", "simans-z(a=1,b=0)", "simans(a=5000,b=0)", "score-window-z(-1,1)",
        "absolute-margin-z(0.5)", "simans-code(a=2,b=0.1)", "simans-laplace(tau=3)",
        "quota(bm25=3,dense=4)");
  }

  private static MinedExample mine(String spec, CandidatePool pool, int corpus, int n, long seed) throws Exception {
    Miner miner = new Miner(new Miner.Settings(REGISTRY.parse(spec), n, seed, 1, false, null, null, null), null, corpus);
    return miner.mine(pool, new Query(pool.queryId(), "text"), Set.of(), new MiningStats());
  }

  @Property(tries = 300)
  void neverAPositiveNeverADuplicateAndExactlyNOrARecordedShortfall(
      @ForAll("specs") String spec, @ForAll long seed, @ForAll @IntRange(min = 3, max = 300) int corpus,
      @ForAll @IntRange(min = 1, max = 60) int poolSize, @ForAll @IntRange(min = 1, max = 20) int n) throws Exception {
    CandidatePool pool = Pools.random(seed, corpus, poolSize, 3);
    MinedExample ex = mine(spec, pool, corpus, n, seed);
    Set<Integer> positives = new HashSet<>();
    for (int p : ex.positives()) {
      positives.add(p);
    }
    Set<Integer> seen = new HashSet<>();
    for (Negative neg : ex.negatives()) {
      assertFalse(positives.contains(neg.doc()), spec + " returned positive " + neg.doc());
      assertTrue(seen.add(neg.doc()), spec + " returned " + neg.doc() + " twice");
      assertTrue(neg.doc() >= 0 && neg.doc() < corpus);
    }
    assertEquals(n, ex.negatives().size() + ex.shortfall(), spec);
    // A shortfall only when the corpus really has fewer non-positive documents than n.
    if (ex.shortfall() > 0) {
      assertEquals(corpus - positives.size(), ex.negatives().size(), spec);
    }
  }

  @Property(tries = 100)
  void sameSeedSameNegatives(@ForAll("specs") String spec, @ForAll long seed) throws Exception {
    CandidatePool pool = Pools.random(seed, 500, 80, 2);
    List<Negative> a = mine(spec, pool, 500, 10, seed).negatives();
    List<Negative> b = mine(spec, pool, 500, 10, seed).negatives();
    assertEquals(a, b);
  }

  @Property(tries = 50)
  void specsParseBackToTheSameSampler(@ForAll("specs") String spec) {
    NegativeSampler s = REGISTRY.parse(spec);
    assertEquals(s.spec(), REGISTRY.parse(s.spec()).spec());
  }
}
