package dev.foil.samplers.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed plugin spec: a name and arguments, positional or named, e.g. {@code window(10,210)},
 * {@code simans(a=0.5, b=0)} or {@code top-k}. Values are kept as text; {@link Parameters} binds and
 * validates them.
 *
 * @param name the plugin name, lower case
 * @param positional positional arguments in order
 * @param named named arguments in order
 */
public record Spec(String name, List<String> positional, Map<String, String> named) {

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static Spec parse(String text) {
    String s = text.strip();
    int open = s.indexOf('(');
    if (open < 0) {
      requireName(s, text);
      return new Spec(s.toLowerCase(java.util.Locale.ROOT), List.of(), Map.of());
    }
    if (!s.endsWith(")")) {
      throw new IllegalArgumentException("malformed spec \"" + text + "\": missing closing parenthesis");
    }
    String name = s.substring(0, open).strip();
    requireName(name, text);
    String body = s.substring(open + 1, s.length() - 1).strip();
    List<String> positional = new ArrayList<>();
    Map<String, String> named = new LinkedHashMap<>();
    if (!body.isEmpty()) {
      for (String part : body.split(",")) {
        String p = part.strip();
        if (p.isEmpty()) {
          throw new IllegalArgumentException("malformed spec \"" + text + "\": empty argument");
        }
        int eq = p.indexOf('=');
        if (eq < 0) {
          if (!named.isEmpty()) {
            throw new IllegalArgumentException(
                "malformed spec \"" + text + "\": positional argument " + p + " after named ones");
          }
          positional.add(p);
        } else {
          String key = p.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
          if (named.put(key, p.substring(eq + 1).strip()) != null) {
            throw new IllegalArgumentException("malformed spec \"" + text + "\": parameter " + key + " given twice");
          }
        }
      }
    }
    return new Spec(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(positional), Map.copyOf(named));
  }

  private static void requireName(String name, String text) {
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("malformed spec \"" + text + "\": expected a name such as simans(a=0.5,b=0)");
    }
  }
}
