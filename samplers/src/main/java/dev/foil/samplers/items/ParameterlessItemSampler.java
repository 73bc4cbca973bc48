package dev.foil.samplers.items;

import dev.foil.samplers.spec.Parameters;
import dev.foil.samplers.spec.Spec;
import java.util.List;

/**
 * An item sampler that takes no parameters: its spec is its name, and configuring it only checks that
 * no parameter was given.
 */
abstract class ParameterlessItemSampler implements ItemSampler {
  private final String name;

  ParameterlessItemSampler(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final ItemSampler configure(Spec spec) {
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
