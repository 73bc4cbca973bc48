package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Absolute score bounds on the reference score, sentence-transformers' {@code max_score} and
 * {@code min_score} of {@code mine_hard_negatives}: {@code max-score(x)} keeps candidates scoring at most
 * x (too-similar ones are likely false negatives), {@code min-score(x)} those scoring at least x. Meant
 * as filters in a composition ({@code max-score(0.8) | top-k}); alone, each takes the top-k of what it
 * keeps.
 */
public final class ScoreBoundSampler implements TopAdmitted {
  private final boolean upper;
  private final double bound;

  /** The {@code max-score} plugin; its default bound admits everything. */
  public ScoreBoundSampler() {
    this(true, Double.MAX_VALUE);
  }

  private ScoreBoundSampler(boolean upper, double bound) {
    this.upper = upper;
    this.bound = bound;
  }

  /** The {@code min-score} plugin (a second service entry). */
  public static final class Lower extends SamplerVariant {
    public Lower() {
      super("min-score", new ScoreBoundSampler(false, -Double.MAX_VALUE));
    }
  }

  @Override
  public String name() {
    return upper ? "max-score" : "min-score";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("x"));
    return new ScoreBoundSampler(upper, p.number("x", bound));
  }

  @Override
  public String spec() {
    return name() + "(" + Parameters.format(bound) + ")";
  }

  @Override
  public IntPredicate admits(SamplingContext c) {
    return upper ? i -> c.scores()[i] <= bound : i -> c.scores()[i] >= bound;
  }

  @Override
  public String toString() {
    return spec();
  }
}
