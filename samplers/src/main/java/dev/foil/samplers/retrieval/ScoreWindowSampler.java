package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/** {@code score-window(lo,hi)}: uniform among candidates whose reference score is in {@code [lo, hi]}. */
public final class ScoreWindowSampler implements NegativeSampler {
  private final double lo;
  private final double hi;

  public ScoreWindowSampler() {
    this(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  private ScoreWindowSampler(double lo, double hi) {
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  public String name() {
    return "score-window";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("lo", "hi"));
    if (!p.has("lo") || !p.has("hi")) {
      throw new IllegalArgumentException("score-window: needs lo and hi, e.g. score-window(0.3,0.7)");
    }
    double l = p.number("lo", 0);
    double h = p.number("hi", 0);
    if (h < l) {
      throw new IllegalArgumentException("score-window: illegal hi value: " + Parameters.format(h)
          + ", must be at least lo = " + Parameters.format(l));
    }
    return new ScoreWindowSampler(l, h);
  }

  @Override
  public String spec() {
    return "score-window(" + Parameters.format(lo) + "," + Parameters.format(hi) + ")";
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return Ranked.uniform(c, n, i -> c.scores()[i] >= lo && c.scores()[i] <= hi);
  }

  @Override
  public double[] firstDrawProbabilities(SamplingContext c) {
    return Ranked.uniformProbabilities(c, i -> c.scores()[i] >= lo && c.scores()[i] <= hi);
  }

  @Override
  public String toString() {
    return spec();
  }
}
