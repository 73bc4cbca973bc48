package dev.foil.index.job;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One setting of a job as users name it: {@code --name} on the command line, {@code name} (or
 * {@code name} with underscores) in an experiment spec's {@code model.options}. Declared once where the
 * job is built, with its type, default and help, so no layer repeats a name or a default.
 *
 * @param name kebab-case long name, without dashes
 * @param type {@link Integer}, {@link Long}, {@link Float}, {@link Double}, {@link Boolean} (a flag:
 *     given means true), {@link String}, {@link Path} or {@code int[]} (comma-separated)
 * @param defaultValue the value when not given, or {@code null}: none, or one the job derives (the
 *     description then says which)
 * @param label the value's placeholder in help, or {@code null}
 * @param description one line of help; the declared default is appended where help is shown
 * @param required whether the job cannot run without it
 * @param aliases former names still accepted (hidden from help, with a warning), e.g. {@code n} for
 *     {@code negatives}
 */
public record JobOption<T>(String name, Class<T> type, T defaultValue, String label, String description,
    boolean required, List<String> aliases) {
  private static final List<Class<?>> TYPES = List.of(Integer.class, Long.class, Float.class, Double.class,
      Boolean.class, String.class, Path.class, int[].class);

  public JobOption {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("option name must be kebab-case: " + name);
    }
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("--" + name + ": unsupported type " + type.getSimpleName());
    }
    if (type == Boolean.class && (required || !Boolean.FALSE.equals(defaultValue))) {
      throw new IllegalArgumentException("--" + name + ": a flag is optional and false unless given");
    }
    aliases = List.copyOf(aliases);
  }

  /** An option without former names. */
  public JobOption(String name, Class<T> type, T defaultValue, String label, String description, boolean required) {
    this(name, type, defaultValue, label, description, required, List.of());
  }

  /** The same option, also accepted under its former name {@code old} (hidden from help, with a warning). */
  public JobOption<T> alias(String old) {
    List<String> all = new java.util.ArrayList<>(aliases);
    all.add(old);
    return new JobOption<>(name, type, defaultValue, label, description, required, all);
  }

  /** An optional setting with a default ({@code null}: none, or derived as the description says). */
  public static <T> JobOption<T> of(String name, Class<T> type, T defaultValue, String description) {
    return new JobOption<>(name, type, defaultValue, null, description, false);
  }

  /** A setting the job needs. */
  public static <T> JobOption<T> required(String name, Class<T> type, String label, String description) {
    return new JobOption<>(name, type, null, label, description, true);
  }

  /** A flag: false unless given. */
  public static JobOption<Boolean> flag(String name, String description) {
    return new JobOption<>(name, Boolean.class, false, null, description, false);
  }

  /** The same option with {@code label} as its value's placeholder in help. */
  public JobOption<T> label(String label) {
    return new JobOption<>(name, type, defaultValue, label, description, required, aliases);
  }

  /** Whether it is a flag (no value on the command line). */
  public boolean isFlag() {
    return type == Boolean.class;
  }

  /**
   * {@code value} as this option's type: values as YAML or JSON give them (numbers, text, true/false,
   * lists of numbers), or already of the type.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public T convert(Object value) {
    Objects.requireNonNull(value, () -> "--" + name + ": no value");
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    Object v = switch (type.getSimpleName()) {
      case "Integer" -> value instanceof Number n && isWhole(n) && n.longValue() == n.intValue() ? n.intValue()
          : parse(value, "an integer", Integer::valueOf);
      case "Long" -> value instanceof Number n && isWhole(n) ? n.longValue() : parse(value, "an integer", Long::valueOf);
      case "Float" -> value instanceof Number n ? n.floatValue() : parse(value, "a number", Float::valueOf);
      case "Double" -> value instanceof Number n ? n.doubleValue() : parse(value, "a number", Double::valueOf);
      case "String" -> value instanceof Number || value instanceof Boolean ? value.toString() : null;
      case "Path" -> value instanceof String s ? Path.of(s) : null;
      case "int[]" -> value instanceof List<?> l ? ints(l) : value instanceof Number n && isWhole(n)
          ? new int[] {n.intValue()} : parse(value, "integers", JobOption::ints);
      default -> null;
    };
    if (v == null) {
      throw new IllegalArgumentException("expected " + expected() + ", got " + describe(value));
    }
    return type.cast(v);
  }

  /** {@code value} as it is written on a command line. */
  public String format(Object value) {
    if (value instanceof int[] a) {
      return Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
    if ((value instanceof Float || value instanceof Double) && Double.isFinite(((Number) value).doubleValue())) {
      return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString(); // 2e-5f: 0.00002, not 2.0E-5
    }
    return String.valueOf(value);
  }

  /**
   * The value's placeholder in help: the label, else one that says what kind of value goes there
   * ({@code N} a whole number or a list of them, {@code X} a decimal one, {@code PATH}, or the name in
   * capitals for text).
   */
  public String placeholder() {
    return label != null ? label : placeholder(type, name);
  }

  /**
   * The placeholder of a value of {@code type} for the option {@code name} when nothing better was
   * declared; the command line gives its own annotated options the same.
   */
  public static String placeholder(Class<?> type, String name) {
    return switch (type.getSimpleName()) {
      case "Integer", "int", "Long", "long" -> "N";
      case "Float", "float", "Double", "double" -> "X";
      case "Path", "File" -> "PATH";
      case "int[]", "long[]" -> "N"; // picocli adds the comma-separated repetition
      default -> name.replaceFirst("^-+", "").toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    };
  }

  private String expected() {
    return switch (type.getSimpleName()) {
      case "Integer", "Long" -> "an integer";
      case "Float", "Double" -> "a number";
      case "Boolean" -> "true or false";
      case "Path" -> "a path";
      case "int[]" -> "integers";
      default -> "text";
    };
  }

  private static boolean isWhole(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || (n instanceof Double || n instanceof Float) && n.doubleValue() == Math.rint(n.doubleValue())
            && Math.abs(n.doubleValue()) < 9e15;
  }

  private interface Parser {
    Object parse(String s);
  }

  private static Object parse(Object value, String what, Parser parser) {
    if (!(value instanceof String s)) {
      return null;
    }
    try {
      return parser.parse(s.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("expected " + what + ", got " + describe(value), e);
    }
  }

  private static int[] ints(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  private static int[] ints(List<?> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Integer n)) {
        return null;
      }
      out[i] = n;
    }
    return out;
  }

  private static String describe(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : value instanceof List || value instanceof java.util.Map
        ? "a " + (value instanceof List ? "list" : "map") : String.valueOf(value).toLowerCase(Locale.ROOT);
  }
}
