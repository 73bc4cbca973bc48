package dev.foil.samplers.plugin;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plugins of one type found through {@link ServiceLoader}, by name; parses spec strings into
 * configured plugins. Two plugins with one name are an error, as is an unknown name (the message lists
 * the known ones).
 *
 * @param <T> the plugin type
 */
public final class SpecRegistry<T extends Configurable<T>> {
  private final String kind;
  private final Map<String, T> byName = new TreeMap<>();

  /**
   * @param type the service interface
   * @param kind what the plugins are called in messages, e.g. {@code sampler}
   */
  public SpecRegistry(Class<T> type, String kind, ClassLoader loader) {
    this.kind = kind;
    for (T s : ServiceLoader.load(type, loader)) {
      T previous = byName.putIfAbsent(s.name(), s);
      if (previous != null) {
        throw new IllegalStateException("two " + kind + "s named " + s.name() + ": "
            + previous.getClass().getName() + " and " + s.getClass().getName());
      }
    }
  }

  /** Plugin names, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }

  /**
   * The plugin {@code spec} describes, configured.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad parameter
   */
  public T parse(String spec) {
    Spec s = Spec.parse(spec);
    T plugin = byName.get(s.name());
    if (plugin == null) {
      throw new IllegalArgumentException("unknown " + kind + " \"" + s.name() + "\": known " + kind + "s are "
          + byName.keySet());
    }
    return plugin.configure(s);
  }
}
