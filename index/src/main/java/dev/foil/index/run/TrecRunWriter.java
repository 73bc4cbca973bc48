package dev.foil.index.run;

import dev.foil.index.CandidateList;
import dev.foil.index.DocIds;
import dev.foil.index.io.AtomicFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes candidate lists as a TREC run file, atomically (temporary file, then rename). Scores are
 * written as the shortest decimal that reads back to the same float, so writing adds no ties that
 * the source did not produce.
 */
public final class TrecRunWriter {
  private TrecRunWriter() {}

  /**
   * Writes {@code lists} to {@code file}, one line per candidate, ranks from 1.
   *
   * @param tag the run tag (sixth column); must not contain whitespace
   */
  public static void write(Path file, List<CandidateList> lists, DocIds ids, String tag) throws IOException {
    if (tag.isEmpty() || tag.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("illegal run tag: \"" + tag + "\", must be one word");
    }
    AtomicFile.writeText(
        file,
        out -> {
          StringBuilder line = new StringBuilder(96);
          for (CandidateList list : lists) {
            for (int i = 0; i < list.size(); i++) {
              line.setLength(0);
              line.append(list.queryId()).append(" Q0 ").append(ids.id(list.doc(i))).append(' ')
                  .append(i + 1).append(' ').append(formatScore(list.score(i))).append(' ')
                  .append(tag).append('\n');
              out.append(line);
            }
          }
        });
  }

  /**
   * Writes {@code run} to {@code file}, each query's entries in the run's order, ranks from 1.
   *
   * @param tag the run tag (sixth column); must not contain whitespace
   */
  public static void write(Path file, Run run, String tag) throws IOException {
    if (tag.isEmpty() || tag.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("illegal run tag: \"" + tag + "\", must be one word");
    }
    AtomicFile.writeText(file, out -> {
      for (String q : run.queryIds()) {
        int rank = 1;
        for (Run.Entry e : run.ranking(q)) {
          out.append(q).append(" Q0 ").append(e.docId()).append(' ').append(Integer.toString(rank++)).append(' ')
              .append(formatScore((float) e.score())).append(' ').append(tag).append('\n');
        }
      }
    });
  }

  /** The shortest plain decimal that parses back to {@code score}. */
  static String formatScore(float score) {
    String s = Float.toString(score);
    return s.indexOf('E') < 0 ? s : new BigDecimal(s).toPlainString();
  }
}
