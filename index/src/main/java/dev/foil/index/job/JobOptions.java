package dev.foil.index.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of one kind of job, in the order help lists them, and the values given for them: read
 * from a command line or from an experiment spec's map, converted and checked the same way.
 */
public final class JobOptions {
  private final String command;
  private final List<JobOption<?>> options;
  private final Map<String, JobOption<?>> byName = new LinkedHashMap<>();
  private final Map<String, JobOption<?>> byAlias = new LinkedHashMap<>();

  /**
   * @param command the command these options belong to, for messages (e.g. {@code foil train bi-encoder})
   * @param groups the options, group after group
   */
  @SafeVarargs
  public JobOptions(String command, List<? extends JobOption<?>>... groups) {
    this.command = command;
    List<JobOption<?>> all = new ArrayList<>();
    for (List<? extends JobOption<?>> g : groups) {
      for (JobOption<?> o : g) {
        if (byName.put(o.name(), o) != null) {
          throw new IllegalArgumentException(command + ": --" + o.name() + " is declared twice");
        }
        for (String a : o.aliases()) {
          if (byAlias.put(a, o) != null) {
            throw new IllegalArgumentException(command + ": --" + a + " is declared twice");
          }
        }
        all.add(o);
      }
    }
    this.options = Collections.unmodifiableList(all);
  }

  /** The option named {@code name}, or formerly so named; {@code null} when none is. */
  public JobOption<?> option(String name) {
    JobOption<?> o = byName.get(name);
    return o != null ? o : byAlias.get(name);
  }

  /** These options and {@code more}, for {@code command}. */
  public JobOptions with(String command, List<? extends JobOption<?>> more) {
    return new JobOptions(command, options, more);
  }

  public String command() {
    return command;
  }

  public List<JobOption<?>> options() {
    return options;
  }

  /**
   * The values given by name (kebab-case, or with underscores as a YAML key), converted to each
   * option's type.
   *
   * @param where names the map in messages, e.g. {@code model.options}
   * @throws IllegalArgumentException naming the key: an unknown option, or a value of the wrong type
   */
  public Values values(Map<String, ?> given, String where) {
    Map<JobOption<?>, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : given.entrySet()) {
      JobOption<?> o = option(e.getKey().replace('_', '-'));
      String key = where.isEmpty() ? "--" + e.getKey() : where + "." + e.getKey();
      if (o == null) {
        throw new IllegalArgumentException(key + ": not an option of " + command + " (its options: "
            + byName.keySet().stream().collect(Collectors.joining(", ")) + ")");
      }
      if (values.containsKey(o)) {
        throw new IllegalArgumentException(key + ": given twice");
      }
      try {
        values.put(o, o.convert(e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(key + ": " + ex.getMessage(), ex);
      }
    }
    return new Values(values);
  }

  /**
   * The values of a command line: {@code --name value}, {@code --name=value}, and {@code --name} alone
   * for a flag; for programs that take these options without a command-line library.
   *
   * @throws IllegalArgumentException for an unknown option, a missing value or a value of the wrong type
   */
  public Values parse(List<String> args) {
    Map<String, Object> given = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.length() == 2) {
        throw new IllegalArgumentException(command + ": unexpected argument \"" + a + "\"");
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      JobOption<?> o = option(name);
      if (o == null) {
        throw new IllegalArgumentException(command + ": unknown option --" + name);
      }
      if (given.containsKey(name)) {
        throw new IllegalArgumentException("--" + name + ": given twice");
      }
      if (o.isFlag()) {
        if (value != null) {
          throw new IllegalArgumentException("--" + name + ": a flag takes no value");
        }
        given.put(name, true);
      } else {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("--" + name + ": needs a value");
          }
          value = args.get(++i);
        }
        given.put(name, value);
      }
    }
    return values(given, "");
  }

  /** The values of one job: those given, and the declared defaults for the rest. */
  public final class Values {
    private final Map<JobOption<?>, Object> given;

    private Values(Map<JobOption<?>, Object> given) {
      this.given = given;
    }

    /**
     * The value of {@code option}: given, else its default (which may be {@code null}).
     *
     * @throws IllegalArgumentException when a required option was not given
     */
    public <T> T get(JobOption<T> option) {
      if (byName.get(option.name()) != option) {
        throw new IllegalStateException("--" + option.name() + " is not an option of " + command);
      }
      Object v = given.get(option);
      if (v == null && option.required()) {
        throw new IllegalArgumentException(command + " needs --" + option.name());
      }
      return v == null ? option.defaultValue() : option.type().cast(v);
    }

    /** Whether {@code option} was given. */
    public boolean given(JobOption<?> option) {
      return given.containsKey(option);
    }

    /** The names of the options given. */
    public Set<String> names() {
      return given.keySet().stream().map(JobOption::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The given values as command-line arguments, in declaration order; a false flag is left out. */
    public List<String> args() {
      List<String> out = new ArrayList<>();
      for (JobOption<?> o : options) {
        if (!given.containsKey(o)) {
          continue;
        }
        Object v = given.get(o);
        if (o.isFlag()) {
          if ((Boolean) v) {
            out.add("--" + o.name());
          }
        } else {
          out.add("--" + o.name());
          out.add(o.format(v));
        }
      }
      return out;
    }
  }
}
