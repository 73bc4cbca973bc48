package dev.foil.samplers.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which column of a sentence-transformers file plays which part, for files whose columns are named after
 * the dataset they came from ({@code --columns query=question,positive=answer}). Without a mapping a file
 * with no known column names is read by position, as sentence-transformers does: the first column is the
 * anchor, the second the positive.
 *
 * @param byRole file column by role: {@code query} (the anchor), {@code positive}, {@code negative} (and
 *     its numbered columns {@code COLUMN_1}, {@code COLUMN_2}, … of an n-tuple), {@code label}, {@code score}
 */
public record Columns(Map<String, String> byRole) {
  /** The roles a column can be given, each with the sentence-transformers column it is read as. */
  private static final Map<String, String> ROLES = Map.of("query", Fields.ANCHOR, "anchor", Fields.ANCHOR,
      "positive", Fields.POSITIVE, "negative", Fields.NEGATIVE, "label", Fields.LABEL, "score", Fields.SCORE);

  /** No mapping: known layouts by their names, anything else by position. */
  public static final Columns NONE = new Columns(Map.of());

  public Columns {
    byRole = Map.copyOf(byRole);
  }

  /**
   * Parses {@code role=column,…}; {@code null} or blank is {@link #NONE}.
   *
   * @throws IllegalArgumentException naming the bad part and the roles there are
   */
  public static Columns parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    Map<String, String> byRole = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      int eq = part.indexOf('=');
      String role = eq < 0 ? part.strip() : part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String column = eq < 0 ? "" : part.substring(eq + 1).strip();
      if (!ROLES.containsKey(role) || column.isEmpty()) {
        throw new IllegalArgumentException("--columns: '" + part.strip() + "' is not ROLE=COLUMN with a role among "
            + List.of("query", "positive", "negative", "label", "score"));
      }
      String canonical = ROLES.get(role);
      if (byRole.containsKey(canonical)) {
        throw new IllegalArgumentException("--columns: " + role + " given twice");
      }
      byRole.put(canonical, column);
    }
    return new Columns(byRole);
  }

  public boolean isEmpty() {
    return byRole.isEmpty();
  }

  /**
   * The sentence-transformers name a file column is read as, or {@code null} when the mapping names
   * none: the column itself, or a numbered negative column ({@code COLUMN_3} for {@code negative=COLUMN}).
   */
  String roleOf(String column) {
    for (Map.Entry<String, String> e : byRole.entrySet()) {
      if (e.getValue().equals(column)) {
        return e.getKey();
      }
      if (e.getKey().equals(Fields.NEGATIVE) && column.startsWith(e.getValue() + "_")
          && column.substring(e.getValue().length() + 1).matches("[1-9][0-9]*")) {
        return Fields.NEGATIVE_PREFIX + column.substring(e.getValue().length() + 1);
      }
    }
    return null;
  }

  /** The file column mapped to the sentence-transformers column {@code name}, or {@code null}. */
  String columnFor(String name) {
    return byRole.get(name);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    byRole.forEach((role, column) -> b.append(b.isEmpty() ? "" : ",").append(role).append('=').append(column));
    return b.toString();
  }
}
