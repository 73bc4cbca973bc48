package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Positive-aware hard negatives (Moreira et al., NV-Retriever, 2024, §3.2): the top-k candidates after
 * dropping every candidate scoring above a ceiling derived from the positive's score s⁺ — the lowest
 * positive's, when a query has several, so that no positive is out-scored by a kept negative.
 *
 * <ul>
 *   <li>{@code absolute-margin(m)} (TopK-MarginPos): ceiling = s⁺ − m;
 *   <li>{@code relative-margin(m)} (TopK-PercPos with percentage 1 − m): ceiling = s⁺ · (1 − m), meant
 *       for non-negative scores such as cosine similarities;
 *   <li>{@code absolute-margin-z(m)}: TopK-MarginPos on the anchor's standardised scores
 *       ({@link ZScores}), ceiling = z⁺ − m, i.e. m of the pool's standard deviations below the positive:
 *       the same on every source.
 * </ul>
 */
public final class MarginSampler implements TopAdmitted {
  enum Kind { ABSOLUTE, RELATIVE, STANDARDISED }

  private final Kind kind;
  private final double margin;

  /** The {@code absolute-margin} plugin's defaults. */
  public MarginSampler() {
    this(Kind.ABSOLUTE, 0.05);
  }

  MarginSampler(Kind kind, double margin) {
    this.kind = kind;
    this.margin = margin;
  }

  /** The {@code relative-margin} plugin (a second service entry). */
  public static final class Relative extends SamplerVariant {
    public Relative() {
      super("relative-margin", new MarginSampler(Kind.RELATIVE, 0.05));
    }
  }

  /** The {@code absolute-margin-z} plugin (a third service entry); default margin 0.5 standard deviations. */
  public static final class Standardised extends SamplerVariant {
    public Standardised() {
      super("absolute-margin-z", new MarginSampler(Kind.STANDARDISED, 0.5));
    }
  }

  @Override
  public String name() {
    return switch (kind) {
      case ABSOLUTE -> "absolute-margin";
      case RELATIVE -> "relative-margin";
      case STANDARDISED -> "absolute-margin-z";
    };
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("m"));
    double m = switch (kind) {
      case RELATIVE -> p.inRange("m", margin, 0, 1);
      case ABSOLUTE, STANDARDISED -> p.inRange("m", margin, 0, Double.MAX_VALUE);
    };
    return new MarginSampler(kind, m);
  }

  @Override
  public String spec() {
    return name() + "(" + Parameters.format(margin) + ")";
  }

  /** The candidates at or below the ceiling. */
  @Override
  public IntPredicate admits(SamplingContext c) {
    if (kind == Kind.STANDARDISED) {
      ZScores z = ZScores.of(c);
      double ceiling = z.positive() - margin;
      return i -> z.scores()[i] <= ceiling;
    }
    double ceiling = kind == Kind.RELATIVE ? c.positiveScore() * (1 - margin) : c.positiveScore() - margin;
    return i -> c.scores()[i] <= ceiling;
  }

  @Override
  public String toString() {
    return spec();
  }
}
