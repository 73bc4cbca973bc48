package dev.foil.samplers.plugin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A spec's arguments bound to a plugin's declared parameter names (positional arguments fill them in
 * order), with typed, range-checked accessors whose errors name the plugin, the parameter and its valid
 * range, e.g. {@code simans: illegal a value: -1, must be > 0}.
 */
public final class Parameters {
  private final String plugin;
  private final Map<String, String> values = new HashMap<>();

  private Parameters(String plugin) {
    this.plugin = plugin;
  }

  /**
   * Binds {@code spec} to the parameters {@code names}.
   *
   * @throws IllegalArgumentException on too many positional arguments or an unknown name
   */
  public static Parameters bind(Spec spec, List<String> names) {
    Parameters p = new Parameters(spec.name());
    if (spec.positional().size() > names.size()) {
      throw new IllegalArgumentException(spec.name() + ": takes at most " + names.size() + " arguments "
          + names + ", got " + spec.positional().size());
    }
    for (int i = 0; i < spec.positional().size(); i++) {
      p.values.put(names.get(i), spec.positional().get(i));
    }
    Set<String> known = new HashSet<>(names);
    for (var e : spec.named().entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new IllegalArgumentException(spec.name() + ": unknown parameter " + e.getKey()
            + (names.isEmpty() ? " (it takes none)" : " (known: " + String.join(", ", names) + ")"));
      }
      if (p.values.put(e.getKey(), e.getValue()) != null) {
        throw new IllegalArgumentException(spec.name() + ": parameter " + e.getKey() + " given twice");
      }
    }
    return p;
  }

  /** Binds a spec that takes arbitrary named parameters (such as per-source quotas). */
  public static Parameters bindAny(Spec spec) {
    if (!spec.positional().isEmpty()) {
      throw new IllegalArgumentException(spec.name() + ": takes named arguments only, e.g. "
          + spec.name() + "(bm25=7,dense=8)");
    }
    Parameters p = new Parameters(spec.name());
    p.values.putAll(spec.named());
    return p;
  }

  /** The raw values by name. */
  public Map<String, String> raw() {
    return Map.copyOf(values);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** A number, {@code fallback} when absent. */
  public double number(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(plugin + ": illegal " + name + " value: " + v + ", must be a finite number");
    }
  }

  /** A number that must be {@code > 0}. */
  public double positive(String name, double fallback) {
    double d = number(name, fallback);
    if (!(d > 0)) {
      throw new IllegalArgumentException(plugin + ": illegal " + name + " value: " + format(d) + ", must be > 0");
    }
    return d;
  }

  /** A number in {@code [lo, hi]}. */
  public double inRange(String name, double fallback, double lo, double hi) {
    double d = number(name, fallback);
    if (d < lo || d > hi) {
      throw new IllegalArgumentException(plugin + ": illegal " + name + " value: " + format(d)
          + ", must be between " + format(lo) + " and " + format(hi));
    }
    return d;
  }

  /** A whole number {@code ≥ min}. */
  public int integer(String name, int fallback, int min) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    int i;
    try {
      i = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(plugin + ": illegal " + name + " value: " + v + ", must be a whole number");
    }
    if (i < min) {
      throw new IllegalArgumentException(plugin + ": illegal " + name + " value: " + i + ", must be at least " + min);
    }
    return i;
  }

  /** The shortest decimal of {@code d}, for messages and canonical specs. */
  public static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public String toString() {
    return plugin + values;
  }
}
