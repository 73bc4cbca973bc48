package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/**
 * Positive-aware hard negatives (Moreira et al., NV-Retriever, 2024, §3.2): the top-k candidates after
 * dropping every candidate scoring above a ceiling derived from the positive's score s⁺ — the lowest
 * positive's, when a query has several, so that no positive is out-scored by a kept negative.
 *
 * <ul>
 *   <li>{@code absolute-margin(m)} (TopK-MarginPos): ceiling = s⁺ − m;
 *   <li>{@code relative-margin(m)} (TopK-PercPos with percentage 1 − m): ceiling = s⁺ · (1 − m), meant
 *       for non-negative scores such as cosine similarities.
 * </ul>
 */
public final class MarginSampler implements NegativeSampler {
  private final boolean relative;
  private final double margin;

  /** The {@code absolute-margin} plugin's defaults. */
  public MarginSampler() {
    this(false, 0.05);
  }

  MarginSampler(boolean relative, double margin) {
    this.relative = relative;
    this.margin = margin;
  }

  /** The {@code relative-margin} plugin (a second service entry). */
  public static final class Relative extends SamplerVariant {
    public Relative() {
      super("relative-margin", new MarginSampler(true, 0.05));
    }
  }

  @Override
  public String name() {
    return relative ? "relative-margin" : "absolute-margin";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("m"));
    double m = relative ? p.inRange("m", 0.05, 0, 1) : p.inRange("m", 0.05, 0, Double.MAX_VALUE);
    return new MarginSampler(relative, m);
  }

  @Override
  public String spec() {
    return name() + "(" + Parameters.format(margin) + ")";
  }

  /** The score a kept negative may not exceed. */
  double ceiling(float positiveScore) {
    return relative ? positiveScore * (1 - margin) : positiveScore - margin;
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    double ceiling = ceiling(c.positiveScore());
    return Ranked.firstN(c, Ranked.byScore(c), n, i -> c.scores()[i] <= ceiling);
  }

  @Override
  public String toString() {
    return spec();
  }
}
