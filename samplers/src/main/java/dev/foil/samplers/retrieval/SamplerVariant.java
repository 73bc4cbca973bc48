package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.Spec;

/**
 * A plugin that is another sampler class under its own name with other defaults (simans-code,
 * simans-laplace, relative-margin): the ServiceLoader needs one public no-argument class per name.
 */
abstract class SamplerVariant implements NegativeSampler {
  private final String name;
  private final NegativeSampler defaults;

  SamplerVariant(String name, NegativeSampler defaults) {
    this.name = name;
    this.defaults = defaults;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final NegativeSampler configure(Spec spec) {
    return defaults.configure(spec);
  }

  @Override
  public final String spec() {
    return defaults.spec();
  }

  @Override
  public final int[] sample(SamplingContext c, int n) {
    return defaults.sample(c, n);
  }

  @Override
  public final double[] firstDrawProbabilities(SamplingContext c) {
    return defaults.firstDrawProbabilities(c);
  }

  @Override
  public final boolean isFilter() {
    return defaults.isFilter();
  }

  @Override
  public final java.util.function.IntPredicate admits(SamplingContext c) {
    return defaults.admits(c);
  }

  @Override
  public String toString() {
    return spec();
  }
}
