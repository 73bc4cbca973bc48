package dev.foil.samplers;

import dev.foil.samplers.spec.Spec;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The samplers available on the class path, by name; parses spec strings into configured samplers. */
public final class SamplerRegistry {
  private final Map<String, NegativeSampler> byName = new TreeMap<>();

  private SamplerRegistry(ClassLoader loader) {
    for (NegativeSampler s : ServiceLoader.load(NegativeSampler.class, loader)) {
      NegativeSampler previous = byName.putIfAbsent(s.name(), s);
      if (previous != null) {
        throw new IllegalStateException("two samplers named " + s.name() + ": " + previous.getClass().getName()
            + " and " + s.getClass().getName());
      }
    }
  }

  /** The samplers visible to this class's loader. */
  public static SamplerRegistry load() {
    return new SamplerRegistry(SamplerRegistry.class.getClassLoader());
  }

  /** Sampler names, sorted. */
  public java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(byName.keySet());
  }

  /**
   * The sampler {@code spec} describes, configured.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad parameter
   */
  public NegativeSampler parse(String spec) {
    Spec s = Spec.parse(spec);
    NegativeSampler plugin = byName.get(s.name());
    if (plugin == null) {
      throw new IllegalArgumentException("unknown sampler \"" + s.name() + "\": known samplers are " + byName.keySet());
    }
    return plugin.configure(s);
  }
}
