package dev.foil.index.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads queries: BEIR {@code queries.jsonl} ({@code _id}, {@code text}) or, for a file ending in
 * {@code .tsv}, Anserini-style topics ({@code id<TAB>text}, no header). Query sets are small, so
 * they are read whole, in file order.
 */
public final class QueriesReader {
  private QueriesReader() {}

  /** All queries of {@code file}, in file order. */
  public static List<Query> read(Path file) throws IOException {
    return file.getFileName().toString().endsWith(".tsv") ? readTsv(file) : readJsonl(file);
  }

  private static List<Query> readJsonl(Path file) throws IOException {
    List<Query> queries = new ArrayList<>();
    Map<String, Long> firstLine = new HashMap<>();
    try (JsonlReader in = new JsonlReader(file, "_id", "text")) {
      String[] v;
      while ((v = in.next()) != null) {
        String bad = Ids.problem(v[0]);
        if (bad != null) {
          throw in.error("_id", bad);
        }
        if (v[1] == null) {
          throw in.error("text", "missing");
        }
        Long seen = firstLine.putIfAbsent(v[0], in.line());
        if (seen != null) {
          throw in.error("_id", "duplicate id \"" + v[0] + "\" (first on line " + seen + ")");
        }
        queries.add(new Query(v[0], v[1]));
      }
    }
    return queries;
  }

  private static List<Query> readTsv(Path file) throws IOException {
    List<Query> queries = new ArrayList<>();
    Map<String, Long> firstLine = new HashMap<>();
    try (TextLineReader in = new TextLineReader(file)) {
      String line;
      while ((line = in.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab <= 0) {
          throw new InputFormatException(
              file, in.line(), tab == 0 ? "id" : "text", "expected `id<TAB>text`");
        }
        String id = line.substring(0, tab);
        String bad = Ids.problem(id);
        if (bad != null) {
          throw new InputFormatException(file, in.line(), "id", bad);
        }
        Long seen = firstLine.putIfAbsent(id, in.line());
        if (seen != null) {
          throw new InputFormatException(
              file, in.line(), "id", "duplicate id \"" + id + "\" (first on line " + seen + ")");
        }
        queries.add(new Query(id, line.substring(tab + 1)));
      }
    }
    return queries;
  }
}
