package dev.foil.rankers.biencoder.queue;

import dev.foil.samplers.plugin.SpecRegistry;
import java.util.Set;

/** The queue filters on the class path, by name; parses their spec strings. */
public final class QueueFilters {
  private static final SpecRegistry<QueueFilter> PLUGINS =
      new SpecRegistry<>(QueueFilter.class, "queue filter", QueueFilters.class.getClassLoader());

  private QueueFilters() {}

  /**
   * The filter {@code spec} describes, configured.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad parameter
   */
  public static QueueFilter parse(String spec) {
    return PLUGINS.parse(spec);
  }

  /** Filter names, sorted. */
  public static Set<String> names() {
    return PLUGINS.names();
  }
}
