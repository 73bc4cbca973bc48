package dev.foil.index.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ranking per query, as read from a TREC run file: for each query id, the documents with their
 * scores in file order. Immutable.
 */
public final class Run {
  private final Map<String, List<Entry>> rankings;

  /** One line of a run: a document and its score. */
  public record Entry(String docId, double score) {}

  private Run(Map<String, List<Entry>> rankings) {
    this.rankings = rankings;
  }

  /** A run over the given rankings, keeping their order. */
  public static Run of(Map<String, List<Entry>> rankings) {
    Map<String, List<Entry>> copy = new LinkedHashMap<>();
    rankings.forEach((q, l) -> copy.put(q, List.copyOf(l)));
    return new Run(copy);
  }

  /** Query ids in file order. */
  public Set<String> queryIds() {
    return Collections.unmodifiableSet(rankings.keySet());
  }

  /** The entries of {@code queryId} in file order; empty if the run lacks the query. */
  public List<Entry> ranking(String queryId) {
    return rankings.getOrDefault(queryId, List.of());
  }

  /** Number of queries. */
  public int size() {
    return rankings.size();
  }
}
