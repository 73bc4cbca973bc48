package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.spec.Parameters;
import dev.foil.samplers.spec.Spec;
import java.util.List;

/**
 * A sampler that takes no parameters: its spec is its name, and configuring it only checks that no
 * parameter was given.
 */
abstract class ParameterlessSampler implements NegativeSampler {
  private final String name;

  ParameterlessSampler(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final NegativeSampler configure(Spec spec) {
    Parameters.bind(spec, List.of());
    return this;
  }

  @Override
  public final String spec() {
    return name;
  }

  @Override
  public final String toString() {
    return name;
  }
}
