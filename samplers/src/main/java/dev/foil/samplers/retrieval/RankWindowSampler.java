package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * {@code window(lo,hi)}: uniform among candidates whose reference rank is in {@code [lo, hi]} (1-based),
 * skipping the very top where false negatives concentrate (e.g. RocketQA's and Qu et al.'s practice of
 * sampling from ranks beyond the first few).
 */
public final class RankWindowSampler implements NegativeSampler {
  private final int lo;
  private final int hi;

  public RankWindowSampler() {
    this(10, 210);
  }

  private RankWindowSampler(int lo, int hi) {
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  public String name() {
    return "window";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("lo", "hi"));
    int l = p.integer("lo", 10, 1);
    int h = p.integer("hi", 210, 1);
    if (h < l) {
      throw new IllegalArgumentException("window: illegal hi value: " + h + ", must be at least lo = " + l);
    }
    return new RankWindowSampler(l, h);
  }

  @Override
  public String spec() {
    return "window(" + lo + "," + hi + ")";
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return Ranked.uniform(c, n, admits(c));
  }

  @Override
  public double[] firstDrawProbabilities(SamplingContext c) {
    return Ranked.uniformProbabilities(c, admits(c));
  }

  /** As a filter ({@code range_min}/{@code range_max}): the candidates ranked in {@code [lo, hi]}. */
  @Override
  public boolean isFilter() {
    return true;
  }

  @Override
  public IntPredicate admits(SamplingContext c) {
    return i -> c.ranks()[i] >= lo && c.ranks()[i] <= hi;
  }

  @Override
  public String toString() {
    return spec();
  }
}
