package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * {@code score-window(lo,hi)}: uniform among candidates whose reference score is in {@code [lo, hi]};
 * {@code score-window-z(lo,hi)}: the same on the anchor's standardised scores ({@link ZScores}), so that
 * {@code score-window-z(0,1.5)} — candidates between the pool's mean and 1.5 standard deviations above
 * it — means the same on BM25 and on cosine scores.
 */
public final class ScoreWindowSampler implements NegativeSampler {
  private final boolean standardised;
  private final double lo;
  private final double hi;

  public ScoreWindowSampler() {
    this(false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  private ScoreWindowSampler(boolean standardised, double lo, double hi) {
    this.standardised = standardised;
    this.lo = lo;
    this.hi = hi;
  }

  /** The {@code score-window-z} plugin (a second service entry). */
  public static final class Standardised extends SamplerVariant {
    public Standardised() {
      super("score-window-z", new ScoreWindowSampler(true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    }
  }

  @Override
  public String name() {
    return standardised ? "score-window-z" : "score-window";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("lo", "hi"));
    if (!p.has("lo") || !p.has("hi")) {
      throw new IllegalArgumentException(name() + ": needs lo and hi, e.g. "
          + (standardised ? "score-window-z(0,1.5)" : "score-window(0.3,0.7)"));
    }
    double l = p.number("lo", 0);
    double h = p.number("hi", 0);
    if (h < l) {
      throw new IllegalArgumentException(name() + ": illegal hi value: " + Parameters.format(h)
          + ", must be at least lo = " + Parameters.format(l));
    }
    return new ScoreWindowSampler(standardised, l, h);
  }

  @Override
  public String spec() {
    return name() + "(" + Parameters.format(lo) + "," + Parameters.format(hi) + ")";
  }

  private IntPredicate inside(SamplingContext c) {
    if (standardised) {
      double[] z = ZScores.of(c).scores();
      return i -> z[i] >= lo && z[i] <= hi;
    }
    return i -> c.scores()[i] >= lo && c.scores()[i] <= hi;
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return Ranked.uniform(c, n, inside(c));
  }

  /** As a filter: the candidates inside the score window. */
  @Override
  public boolean isFilter() {
    return true;
  }

  @Override
  public IntPredicate admits(SamplingContext c) {
    return inside(c);
  }

  @Override
  public double[] firstDrawProbabilities(SamplingContext c) {
    return Ranked.uniformProbabilities(c, inside(c));
  }

  @Override
  public String toString() {
    return spec();
  }
}
