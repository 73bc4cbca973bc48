package dev.foil.recsys.data;

import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.TextLineReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads MovieLens ratings ({@code u.data}: {@code user item rating timestamp}, tab-separated) as
 * implicit feedback: a rating at or above the threshold is an interaction, the rest are dropped. A
 * {@link Split} then holds out test interactions.
 */
public final class MovieLensReader {
  private MovieLensReader() {}

  /**
   * @param path {@code u.data} or the directory holding it
   * @param threshold the lowest rating that counts as an interaction (MovieLens ratings are 1–5)
   */
  public static InteractionData read(Path path, double threshold, Split split) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve("u.data") : path;
    InteractionLog log = new InteractionLog();
    String sha;
    try (TextLineReader in = new TextLineReader(file)) {
      String line;
      while ((line = in.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 4) {
          throw new InputFormatException(file, in.line(), null,
              "expected 4 tab-separated fields (user item rating timestamp), found " + f.length);
        }
        double rating = number(file, in.line(), "rating", f[2]);
        long time = (long) number(file, in.line(), "timestamp", f[3]);
        if (f[0].isBlank() || f[1].isBlank()) {
          throw new InputFormatException(file, in.line(), f[0].isBlank() ? "user" : "item", "empty");
        }
        if (rating >= threshold) {
          log.add(f[0], f[1], time);
        }
      }
      sha = in.sha256();
    }
    if (log.size() == 0) {
      throw new InputFormatException(file, 0, "rating", "no rating reaches the threshold " + threshold);
    }
    Path dir = file.toAbsolutePath().getParent();
    String name = (dir == null || dir.getFileName() == null ? file.getFileName().toString() : dir.getFileName().toString());
    return log.split(name + " (rating ≥ " + threshold + ", " + split + ")", split, sha + "|rating>=" + threshold);
  }

  static double number(Path file, long line, String field, String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new InputFormatException(file, line, field, "not a number: \"" + text + "\"");
    }
  }
}
