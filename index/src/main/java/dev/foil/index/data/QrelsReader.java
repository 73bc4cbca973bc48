package dev.foil.index.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads relevance judgments in either layout, recognised from the first line:
 *
 * <ul>
 *   <li>BEIR: tab-separated {@code query-id corpus-id score} with that header line;
 *   <li>TREC: whitespace-separated {@code query-id iteration doc-id relevance}, no header.
 * </ul>
 *
 * A judgment given twice, a missing column or a non-integer grade is an {@link InputFormatException}.
 */
public final class QrelsReader {
  private QrelsReader() {}

  /** The judgments in {@code file}. */
  public static Qrels read(Path file) throws IOException {
    Qrels.Builder qrels = Qrels.builder();
    Map<String, Long> firstLine = new HashMap<>();
    try (TextLineReader in = new TextLineReader(file)) {
      Boolean beir = null;
      String line;
      while ((line = in.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (beir == null) {
          String[] first = line.split("\t", -1);
          beir = first.length == 3;
          if (beir && !isInteger(first[2].strip())) {
            continue; // the BEIR header: query-id corpus-id score
          }
        }
        String q;
        String d;
        String g;
        String gradeField;
        if (beir) {
          String[] f = line.split("\t", -1);
          if (f.length != 3) {
            throw new InputFormatException(
                file, in.line(), null,
                "expected 3 tab-separated columns (query-id, corpus-id, score), found " + f.length);
          }
          q = f[0].strip();
          d = f[1].strip();
          g = f[2].strip();
          gradeField = "score";
        } else {
          String[] f = line.strip().split("\\s+");
          if (f.length != 4) {
            throw new InputFormatException(
                file, in.line(), null,
                "expected 4 columns (query-id, iteration, doc-id, relevance), found " + f.length);
          }
          q = f[0];
          d = f[2];
          g = f[3];
          gradeField = "relevance";
        }
        String badQuery = Ids.problem(q);
        if (badQuery != null) {
          throw new InputFormatException(file, in.line(), "query-id", badQuery);
        }
        String badDoc = Ids.problem(d);
        if (badDoc != null) {
          throw new InputFormatException(file, in.line(), beir ? "corpus-id" : "doc-id", badDoc);
        }
        if (!isInteger(g)) {
          throw new InputFormatException(
              file, in.line(), gradeField, "not an integer: \"" + g + "\"");
        }
        Long seen = firstLine.putIfAbsent(q + '\u0000' + d, in.line());
        if (seen != null) {
          throw new InputFormatException(
              file, in.line(), null,
              "query " + q + " judges document " + d + " twice (first on line " + seen + ")");
        }
        qrels.put(q, d, Integer.parseInt(g));
      }
    }
    return qrels.build();
  }

  private static boolean isInteger(String s) {
    if (s.isEmpty() || s.length() > 9 + (s.charAt(0) == '-' ? 1 : 0)) {
      return false;
    }
    for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return s.length() > (s.charAt(0) == '-' ? 1 : 0);
  }
}
