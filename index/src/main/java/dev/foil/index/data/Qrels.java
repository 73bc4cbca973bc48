package dev.foil.index.data;

import dev.foil.index.DocIds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Relevance judgments: for each query, the judged documents and their integer grades. A grade of 1 or
 * more means relevant (trec_eval's default relevance level); 0 and below mean judged non-relevant.
 * Immutable; queries and documents keep the order of the file.
 */
public final class Qrels {
  private final Map<String, Map<String, Integer>> judgments;
  private final int size;

  private Qrels(Map<String, Map<String, Integer>> judgments) {
    this.judgments = judgments;
    int n = 0;
    for (Map<String, Integer> m : judgments.values()) {
      n += m.size();
    }
    this.size = n;
  }

  /** A builder that keeps insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  /** Ids of the judged queries, in file order. */
  public Set<String> queryIds() {
    return Collections.unmodifiableSet(judgments.keySet());
  }

  /** Judged documents of {@code queryId} with their grades; empty if the query is not judged. */
  public Map<String, Integer> judgments(String queryId) {
    Map<String, Integer> m = judgments.get(queryId);
    return m == null ? Map.of() : Collections.unmodifiableMap(m);
  }

  /** Whether {@code docId} is judged relevant (grade ≥ 1) for {@code queryId}. */
  public boolean isRelevant(String queryId, String docId) {
    Integer g = judgments(queryId).get(docId);
    return g != null && g > 0;
  }

  /** Number of documents judged relevant for {@code queryId}. */
  public int relevantCount(String queryId) {
    int n = 0;
    for (int g : judgments(queryId).values()) {
      if (g > 0) {
        n++;
      }
    }
    return n;
  }

  /** Number of (query, document) judgments. */
  public int size() {
    return size;
  }

  /**
   * Counts the judgments that name a query outside {@code knownQueries} or a document outside
   * {@code docs}. BEIR data has a few; callers warn rather than fail.
   */
  public UnknownIds unknownIds(Set<String> knownQueries, DocIds docs) {
    int queries = 0;
    int judgmentsOfUnknownQueries = 0;
    int unknownDocs = 0;
    for (var e : judgments.entrySet()) {
      if (!knownQueries.contains(e.getKey())) {
        queries++;
        judgmentsOfUnknownQueries += e.getValue().size();
      }
      for (String doc : e.getValue().keySet()) {
        if (!docs.contains(doc)) {
          unknownDocs++;
        }
      }
    }
    return new UnknownIds(queries, judgmentsOfUnknownQueries, unknownDocs);
  }

  /**
   * Judgments that name ids the data does not have.
   *
   * @param queries judged queries missing from the query file
   * @param judgmentsOfUnknownQueries judgments belonging to those queries
   * @param documentJudgments judgments whose document is missing from the corpus
   */
  public record UnknownIds(int queries, int judgmentsOfUnknownQueries, int documentJudgments) {
    /** Whether every id is known. */
    public boolean none() {
      return queries == 0 && documentJudgments == 0;
    }
  }

  /** Collects judgments; a second judgment of the same pair is rejected by the reader, not here. */
  public static final class Builder {
    private final Map<String, Map<String, Integer>> judgments = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a judgment, returning the grade it replaced or {@code null}.
     */
    public Integer put(String queryId, String docId, int grade) {
      return judgments.computeIfAbsent(queryId, k -> new LinkedHashMap<>()).put(docId, grade);
    }

    /** Adds a judgment. */
    public Builder add(String queryId, String docId, int grade) {
      put(queryId, docId, grade);
      return this;
    }

    public Qrels build() {
      Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
      judgments.forEach((q, m) -> copy.put(q, new LinkedHashMap<>(m)));
      return new Qrels(copy);
    }
  }
}
