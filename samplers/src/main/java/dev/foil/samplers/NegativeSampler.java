package dev.foil.samplers;

import dev.foil.samplers.plugin.Configurable;

/**
 * A negative-sampling strategy, found through {@link java.util.ServiceLoader} and configured from a
 * spec string ({@code simans(a=0.5,b=0)}). Adding one is one class (with a public no-argument
 * constructor giving its defaults) plus one line in
 * {@code META-INF/services/dev.foil.samplers.NegativeSampler}.
 *
 * <p>Implementations are immutable and thread-safe; all randomness comes from the context's generator.
 */
public interface NegativeSampler extends Configurable<NegativeSampler> {

  /**
   * Chooses up to {@code n} distinct negatives, as corpus ordinals. Fewer than {@code n} is allowed
   * when the sampler's own rule admits fewer; the pipeline then tops up and records it.
   */
  int[] sample(SamplingContext context, int n);

  /**
   * The probability each of the context's candidates has of being drawn first, for explanations
   * ({@code foil mine --explain}); {@code null} when the sampler is a rule rather than a distribution
   * (top-k, margins, quotas) or draws outside the candidates (random). It must not use the context's
   * generator.
   */
  default double[] firstDrawProbabilities(SamplingContext context) {
    return null;
  }

  /**
   * Whether this sampler's rule admits candidates rather than only drawing them (windows, margins, score
   * bounds): such a sampler can stand before others in a composition ({@link ComposedSampler}).
   */
  default boolean isFilter() {
    return false;
  }

  /**
   * Which of the context's candidates (by index) this sampler's rule admits, for a filter; {@code null}
   * for a sampler that only draws. It must not use the context's generator.
   */
  default java.util.function.IntPredicate admits(SamplingContext context) {
    return null;
  }
}
