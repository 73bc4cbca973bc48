package dev.foil.index.data;

import java.nio.file.Path;

/**
 * Bad input data: names the file, the 1-based line and, where one is at fault, the field. The command
 * line maps it to exit code 2.
 */
public final class InputFormatException extends RuntimeException {
  private final transient Path file;
  private final long line;
  private final String field;
  private final String problem;

  /**
   * @param file the offending file
   * @param line 1-based line number, or 0 when the problem is not on one line
   * @param field the offending field, or {@code null}
   * @param problem what is wrong, in a few words
   */
  public InputFormatException(Path file, long line, String field, String problem) {
    super(format(file, line, field, problem));
    this.file = file;
    this.line = line;
    this.field = field;
    this.problem = problem;
  }

  private static String format(Path file, long line, String field, String problem) {
    StringBuilder sb = new StringBuilder().append(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null) {
      sb.append("field `").append(field).append("`: ");
    }
    return sb.append(problem).toString();
  }

  public Path file() {
    return file;
  }

  /** 1-based line, or 0 when the problem concerns the whole file. */
  public long line() {
    return line;
  }

  /** The offending field, or {@code null}. */
  public String field() {
    return field;
  }

  /** The problem without the location prefix. */
  public String problem() {
    return problem;
  }
}
