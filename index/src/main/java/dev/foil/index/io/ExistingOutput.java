package dev.foil.index.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rule every command that writes a file follows: an existing output is replaced only when the user
 * says so ({@code --overwrite}), never silently — a mistyped {@code --out} must not destroy a day's run.
 */
public final class ExistingOutput {
  private ExistingOutput() {}

  /**
   * Refuses {@code out} when it exists and {@code overwrite} is false.
   *
   * @param alternative another way forward to name in the message (e.g. {@code "or --resume to continue it"}),
   *     or an empty string
   * @throws IllegalArgumentException naming the file and the flag that replaces it
   */
  public static void check(Path out, boolean overwrite, String alternative) {
    if (!overwrite && Files.exists(out)) {
      throw new IllegalArgumentException(out + " exists: give --overwrite to replace it"
          + (alternative.isEmpty() ? "" : " (" + alternative + ")"));
    }
  }
}
