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
        "quota(bm25=3,dense=4)", "max-score(0.5)", "min-score(0.1)",
        "window(2,40) | relative-margin(0.05) | simans-z(a=4,b=0)", "max-score(0.6) | min-score(0.05) | top-k",
        "absolute-margin-z(0.5) | window(1,1000)", "score-window-z(-2,2) | window(3,30) | random");
  }

  /**
   * A composition draws exactly what its last stage draws from the candidates all its filters admit, and
   * each filter's kept and dropped candidates are counted in the mining statistics.
   */
  @Property(tries = 100)
  void aCompositionIsItsLastStageOnWhatTheFiltersKeep(@ForAll long seed,
      @ForAll @IntRange(min = 10, max = 80) int poolSize) throws Exception {
    CandidatePool pool = Pools.random(seed, 400, poolSize, 2);
    String spec = "window(2,60) | max-score(0.7) | top-k";
    MiningStats stats = new MiningStats();
    Miner miner = new Miner(new Miner.Settings(REGISTRY.parse(spec), 5, seed, 1, false, null, null, null), null, 400);
    MinedExample ex = miner.mine(pool, new Query(pool.queryId(), "text"), Set.of(), stats);
    // By hand: non-positive pool candidates ranked 2..60 by the reference source, scoring at most 0.7, best first.
    Set<Integer> positives = new HashSet<>();
    for (int p : pool.positives()) {
      positives.add(p);
    }
    List<Integer> admitted = new java.util.ArrayList<>();
    for (int i = 0; i < pool.docs().length; i++) {
      int rank = pool.ranks()[1][i];
      if (!positives.contains(pool.docs()[i]) && rank >= 2 && rank <= 60 && pool.scores()[1][i] <= 0.7f) {
        admitted.add(i);
      }
    }
    admitted.sort((a, b) -> Float.compare(pool.scores()[1][b], pool.scores()[1][a]));
    List<Integer> picked = ex.negatives().stream().filter(g -> !g.topUp()).map(Negative::doc).toList();
    assertEquals(admitted.stream().limit(5).map(i -> pool.docs()[i]).toList(), picked, spec);
    assertTrue(stats.stages.containsKey("filter window(2,60)"), stats.stages.keySet().toString());
    assertEquals(admitted.size(), stats.stages.get("filter max-score(0.7)")[0]);
  }

  @Property(tries = 20)
  void onlyFiltersMayStandBeforeTheLastStage(@ForAll("specs") String spec) {
    NegativeSampler s = REGISTRY.parse(spec);
    if (s.isFilter()) {
      REGISTRY.parse(spec + " | top-k");
    } else {
      var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> REGISTRY.parse(spec + " | top-k"));
      assertTrue(e.getMessage().contains("cannot filter"), e.getMessage());
    }
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
