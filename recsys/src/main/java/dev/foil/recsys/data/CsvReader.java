package dev.foil.recsys.data;

import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.TextLineReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads an interaction log in CSV: {@code user,item[,timestamp]} per line, identifiers as strings, an
 * optional header line starting with {@code user}. Without timestamps, input order stands for time
 * (for a leave-one-out split). A {@link Split} makes train and test.
 */
public final class CsvReader {
  private CsvReader() {}

  public static InteractionData read(Path file, Split split) throws IOException {
    InteractionLog log = new InteractionLog();
    String sha;
    try (TextLineReader in = new TextLineReader(file)) {
      String line;
      while ((line = in.next()) != null) {
        if (line.isBlank() || (in.line() == 1 && line.strip().toLowerCase(java.util.Locale.ROOT).startsWith("user"))) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length < 2 || f.length > 3) {
          throw new InputFormatException(file, in.line(), null,
              "expected user,item[,timestamp], found " + f.length + " fields");
        }
        String user = f[0].strip();
        String item = f[1].strip();
        if (user.isEmpty() || item.isEmpty()) {
          throw new InputFormatException(file, in.line(), user.isEmpty() ? "user" : "item", "empty");
        }
        long time = f.length == 3 ? (long) MovieLensReader.number(file, in.line(), "timestamp", f[2]) : in.line();
        log.add(user, item, time);
      }
      sha = in.sha256();
    }
    if (log.size() == 0) {
      throw new InputFormatException(file, 0, null, "no interactions");
    }
    return log.split(file.getFileName() + " (" + split + ")", split, sha);
  }
}
