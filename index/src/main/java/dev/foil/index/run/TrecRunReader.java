package dev.foil.index.run;

import dev.foil.index.data.InputFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a TREC run file: six whitespace-separated columns {@code query-id Q0 doc-id rank score tag}.
 * The rank column is ignored (as trec_eval ignores it); a document listed twice for one query, a
 * missing column or a score that is not a number is an {@link InputFormatException}.
 */
public final class TrecRunReader {
  private TrecRunReader() {}

  /** The run in {@code file}. */
  public static Run read(Path file) throws IOException {
    Map<String, List<Run.Entry>> rankings = new LinkedHashMap<>();
    Map<String, Set<String>> seen = new HashMap<>();
    BufferedReader in;
    try {
      in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputFormatException(file, 0, null, "no such file");
    }
    try (in) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.strip().split("\\s+");
        if (f.length != 6) {
          throw new InputFormatException(
              file, n, null,
              "expected 6 columns (query-id Q0 doc-id rank score tag), found " + f.length);
        }
        double score;
        try {
          score = Double.parseDouble(f[4]);
        } catch (NumberFormatException e) {
          throw new InputFormatException(file, n, "score", "not a number: \"" + f[4] + "\"");
        }
        if (!Double.isFinite(score)) {
          throw new InputFormatException(file, n, "score", "not finite: \"" + f[4] + "\"");
        }
        if (!seen.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[2])) {
          throw new InputFormatException(
              file, n, "doc-id", "document " + f[2] + " listed twice for query " + f[0]);
        }
        rankings.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Run.Entry(f[2], score));
      }
    }
    return Run.of(rankings);
  }
}
