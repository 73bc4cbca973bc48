package dev.foil.index;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The table between corpus ordinals (0-based positions in the corpus file) and external document ids.
 * Immutable and thread-safe.
 */
public final class DocIds {
  private final String[] ids;
  private final Map<String, Integer> ordinals;

  private DocIds(String[] ids) {
    this.ids = ids;
    this.ordinals = HashMap.newHashMap(ids.length);
    for (int i = 0; i < ids.length; i++) {
      Integer previous = ordinals.putIfAbsent(ids[i], i);
      if (previous != null) {
        throw new IllegalArgumentException(
            "duplicate document id \"" + ids[i] + "\" at ordinals " + previous + " and " + i);
      }
    }
  }

  /** A table over the given ids, in ordinal order; ids must be distinct. */
  public static DocIds of(List<String> ids) {
    return new DocIds(ids.toArray(String[]::new));
  }

  /** A table over the given ids, in ordinal order; ids must be distinct. */
  public static DocIds of(String... ids) {
    return new DocIds(Arrays.copyOf(ids, ids.length));
  }

  /** Number of documents. */
  public int size() {
    return ids.length;
  }

  /** External id of the document at {@code ordinal}. */
  public String id(int ordinal) {
    return ids[ordinal];
  }

  /** Ordinal of the document with external id {@code id}, if the corpus has it. */
  public OptionalInt ordinal(String id) {
    Integer ord = ordinals.get(id);
    return ord == null ? OptionalInt.empty() : OptionalInt.of(ord);
  }

  /** Whether the corpus has a document with this id. */
  public boolean contains(String id) {
    return ordinals.containsKey(id);
  }

  /** The ids in ordinal order, as an unmodifiable list. */
  public List<String> asList() {
    return List.of(ids);
  }
}
