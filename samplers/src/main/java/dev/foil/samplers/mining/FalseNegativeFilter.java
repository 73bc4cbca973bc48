package dev.foil.samplers.mining;

import dev.foil.samplers.adapt.FalseNegativeAdapter;
import java.util.Objects;

/**
 * A false-negative adapter with the estimate it uses.
 *
 * @param adapter {@code fn-drop(t)}, {@code fn-reweight} or {@code fn-resample}, parsed
 * @param teacher a source name ({@code bm25}, {@code dense}) whose score margin over the positive
 *     estimates P(false negative), or a directory holding a learned adapter
 * @param temperature τ of p = σ((t(c) − t⁺)/τ) for a teacher source, in its score units
 */
public record FalseNegativeFilter(FalseNegativeAdapter adapter, String teacher, double temperature) {
  /** τ when none is given: 0.05, for cosine-scale teachers. */
  public static final double DEFAULT_TEMPERATURE = 0.05;

  public FalseNegativeFilter {
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(teacher, "teacher");
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("illegal fn temperature value: " + temperature + ", must be finite and > 0");
    }
  }

  /** Parses the adapter spec. */
  public static FalseNegativeFilter of(String adapterSpec, String teacher, double temperature) {
    return new FalseNegativeFilter(FalseNegativeAdapter.parse(adapterSpec), teacher, temperature);
  }
}
