package dev.foil.index.data;

import dev.foil.index.DocIds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The queries of a query file that a qrels file judges: what search, evaluation and benchmarks run. */
public final class JudgedQueries {
  private JudgedQueries() {}

  /**
   * The queries of {@code queriesFile}, restricted to those judged in {@code qrelsFile} when it is
   * given, warning about judgments that name unknown queries or documents.
   *
   * @param qrelsFile the judgments, or {@code null} for every query
   * @throws InputFormatException when the qrels judge none of the queries
   */
  public static List<Query> select(Path queriesFile, Path qrelsFile, DocIds docs, Consumer<String> warnings)
      throws IOException {
    List<Query> all = QueriesReader.read(queriesFile);
    if (qrelsFile == null) {
      return all;
    }
    Qrels qrels = QrelsReader.read(qrelsFile);
    Set<String> known = new HashSet<>();
    all.forEach(q -> known.add(q.id()));
    warnUnknown(warnings, qrelsFile, qrels.unknownIds(known, docs));
    List<Query> selected = all.stream().filter(q -> qrels.queryIds().contains(q.id())).toList();
    if (selected.isEmpty()) {
      throw new InputFormatException(qrelsFile, 0, null, "judges none of the queries in " + queriesFile);
    }
    return selected;
  }

  /** Warns, one line each, about judged queries missing from the query file and judged unknown documents. */
  public static void warnUnknown(Consumer<String> warnings, Path qrelsFile, Qrels.UnknownIds u) {
    if (u.queries() > 0) {
      warnings.accept(String.format("%s: %d judged queries (%d judgments) are not in the query file", qrelsFile,
          u.queries(), u.judgmentsOfUnknownQueries()));
    }
    if (u.documentJudgments() > 0) {
      warnings.accept(String.format("%s: %d judgments name documents that are not in the corpus", qrelsFile,
          u.documentJudgments()));
    }
  }
}
