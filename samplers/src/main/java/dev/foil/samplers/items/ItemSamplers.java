package dev.foil.samplers.items;

import dev.foil.samplers.plugin.SpecRegistry;
import java.util.Set;

/** The item samplers available on the class path, by name; parses spec strings into configured samplers. */
public final class ItemSamplers {
  private static final SpecRegistry<ItemSampler> PLUGINS =
      new SpecRegistry<>(ItemSampler.class, "item sampler", ItemSamplers.class.getClassLoader());

  private ItemSamplers() {}

  /** Sampler names, sorted. */
  public static Set<String> names() {
    return PLUGINS.names();
  }

  /**
   * The sampler {@code spec} describes, configured.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad parameter
   */
  public static ItemSampler parse(String spec) {
    return PLUGINS.parse(spec);
  }
}
