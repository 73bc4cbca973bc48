package dev.foil.samplers.plugin;

import java.util.List;

/**
 * A plugin that takes no parameters: its spec is its name, and configuring it only checks that no
 * parameter was given. Subclasses also implement {@code T}, which is what {@link #configure} returns.
 *
 * @param <T> the plugin type (a retrieval or an item sampler)
 */
public abstract class ParameterlessPlugin<T extends Configurable<T>> implements Configurable<T> {
  private final String name;

  protected ParameterlessPlugin(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  @SuppressWarnings("unchecked") // every subclass implements T
  public final T configure(Spec spec) {
    Parameters.bind(spec, List.of());
    return (T) this;
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
