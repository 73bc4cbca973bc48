package dev.foil.samplers.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * What "the same text" means for the text-duplicate check, and the texts a negative may not repeat: two
 * texts are the same when they are equal after trimming, collapsing every run of whitespace
 * ({@link Character#isWhitespace}) to one space and lower-casing each code point
 * ({@link Character#toLowerCase(int)}). A candidate is compared with each forbidden text as it is read,
 * without building its normalised copy, so most comparisons stop at the first characters.
 */
final class SameText {
  private final List<String> normalised = new ArrayList<>(4);

  /** Forbids {@code raw}'s text. */
  void add(String raw) {
    String n = normalise(raw);
    if (!normalised.contains(n)) {
      normalised.add(n);
    }
  }

  /** Whether {@code raw} is the same text as one forbidden. */
  boolean matches(String raw) {
    for (String n : normalised) {
      if (equalsNormalised(raw, n)) {
        return true;
      }
    }
    return false;
  }

  /** {@code raw} normalised: trimmed, whitespace runs as one space, code points lower-cased. */
  static String normalise(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    boolean space = false;
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp)) {
        space = !out.isEmpty();
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(Character.toLowerCase(cp));
    }
    return out.toString();
  }

  /** Whether {@code normalise(raw)} equals {@code normalised}, computed without building it. */
  static boolean equalsNormalised(String raw, String normalised) {
    int j = 0;
    int m = normalised.length();
    boolean space = false;
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp)) {
        space = j > 0;
        continue;
      }
      if (space) {
        if (j >= m || normalised.charAt(j) != ' ') {
          return false;
        }
        j++;
        space = false;
      }
      if (j >= m) {
        return false;
      }
      int expected = normalised.codePointAt(j);
      if (expected != Character.toLowerCase(cp)) {
        return false;
      }
      j += Character.charCount(expected);
    }
    return j == m;
  }
}
