package dev.foil.samplers;

import dev.foil.samplers.plugin.SpecRegistry;
import java.util.Set;

/** The retrieval samplers available on the class path, by name; parses spec strings into configured samplers. */
public final class SamplerRegistry {
  private final SpecRegistry<NegativeSampler> plugins;

  private SamplerRegistry(ClassLoader loader) {
    this.plugins = new SpecRegistry<>(NegativeSampler.class, "sampler", loader);
  }

  /** The samplers visible to this class's loader. */
  public static SamplerRegistry load() {
    return new SamplerRegistry(SamplerRegistry.class.getClassLoader());
  }

  /** Sampler names, sorted. */
  public Set<String> names() {
    return plugins.names();
  }

  /**
   * The sampler {@code spec} describes, configured.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad parameter
   */
  public NegativeSampler parse(String spec) {
    return plugins.parse(spec);
  }
}
