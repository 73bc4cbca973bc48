package dev.foil.samplers.plugin;

/**
 * A plugin configured from a spec string: its name, a configured copy from a {@link Spec}, and the
 * canonical spec that reads back to an equal configuration. Retrieval and item samplers both are.
 *
 * @param <T> the plugin type
 */
public interface Configurable<T> {

  /** The spec name, e.g. {@code simans}. */
  String name();

  /**
   * A plugin configured by {@code spec} (whose name is this plugin's).
   *
   * @throws IllegalArgumentException naming the bad parameter and its valid range
   */
  T configure(Spec spec);

  /** The canonical spec of this configuration. */
  String spec();
}
