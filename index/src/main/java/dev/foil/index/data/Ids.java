package dev.foil.index.data;

/**
 * The rule every document and query id obeys: non-empty, with no whitespace and no control
 * characters. Ids are written one per line into index and store id tables and as whitespace-separated
 * columns of TREC runs and qrels, so an id holding a newline, tab or space would break those files;
 * readers reject such ids where they first meet them.
 */
public final class Ids {
  private Ids() {}

  /** What is wrong with {@code id}, or {@code null} when it is a valid id. */
  public static String problem(String id) {
    if (id == null) {
      return "missing";
    }
    if (id.isEmpty()) {
      return "empty";
    }
    for (int i = 0; i < id.length(); ) {
      int c = id.codePointAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        return "id \"" + printable(id) + "\" contains " + describe(c)
            + " (ids may not contain whitespace or control characters)";
      }
      i += Character.charCount(c);
    }
    return null;
  }

  private static String describe(int c) {
    return switch (c) {
      case ' ' -> "a space";
      case '\t' -> "a tab";
      case '\n' -> "a newline";
      case '\r' -> "a carriage return";
      default -> String.format("the character U+%04X", c);
    };
  }

  private static String printable(String id) {
    StringBuilder sb = new StringBuilder();
    id.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || (Character.isWhitespace(c) && c != ' ')) {
        sb.append(String.format("\\u%04x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }
}
