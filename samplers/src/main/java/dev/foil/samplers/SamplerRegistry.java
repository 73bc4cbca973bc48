package dev.foil.samplers;

import dev.foil.samplers.plugin.SpecRegistry;
import java.util.ArrayList;
import java.util.List;
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
   * The sampler {@code spec} describes, configured; {@code filter | … | sampler} composes filters and a
   * final sampler ({@link ComposedSampler}).
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad parameter
   */
  public NegativeSampler parse(String spec) {
    List<String> stages = stages(spec);
    if (stages.size() == 1) {
      return plugins.parse(spec);
    }
    List<NegativeSampler> parsed = new ArrayList<>();
    for (String s : stages) {
      parsed.add(plugins.parse(s));
    }
    return ComposedSampler.of(parsed);
  }

  /** {@code spec} split at each {@code |} outside parentheses, each part trimmed. */
  private static List<String> stages(String spec) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < spec.length(); i++) {
      char ch = spec.charAt(i);
      depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
      if (ch == '|' && depth == 0) {
        out.add(spec.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(spec.substring(start).strip());
    for (String s : out) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty stage in sampler spec \"" + spec + "\": use filter | … | sampler");
      }
    }
    return out;
  }
}
