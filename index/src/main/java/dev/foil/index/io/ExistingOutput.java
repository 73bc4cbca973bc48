package dev.foil.index.io;

import java.io.IOException;
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

  /**
   * Refuses a directory {@code out} that exists and holds anything, unless {@code overwrite} (its files
   * are replaced by the new run's, others left alone) or {@code resume} (the run continues there).
   *
   * @param resumable whether the command has {@code --resume}, to name it in the message
   * @throws IllegalArgumentException naming the directory and the flags that go on
   */
  public static void checkDirectory(Path out, boolean overwrite, boolean resume, boolean resumable) throws IOException {
    if (overwrite || resume || !Files.isDirectory(out)) {
      check(out, overwrite || resume, resumable ? "or --resume to continue its run" : "");
      return;
    }
    try (var entries = Files.list(out)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(out + " exists and is not empty: give --overwrite to replace its files"
            + (resumable ? " (or --resume to continue its run)" : ""));
      }
    }
  }
}
