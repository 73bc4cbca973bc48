package dev.foil.index;

import java.util.Arrays;
import java.util.Objects;

/**
 * The ranked candidates one source returned for one query: corpus ordinals best-first and their scores.
 *
 * <p>Arrays are primitive and owned by the list; callers must not modify them. Ordinals resolve to
 * external document ids through the source's {@link DocIds}.
 *
 * @param queryId the query (anchor) these candidates were retrieved for
 * @param docs corpus ordinals, best first
 * @param scores the source's score for each entry of {@code docs}, non-increasing
 */
public record CandidateList(String queryId, int[] docs, float[] scores) {

  public CandidateList {
    Objects.requireNonNull(queryId, "queryId");
    Objects.requireNonNull(docs, "docs");
    Objects.requireNonNull(scores, "scores");
    if (docs.length != scores.length) {
      throw new IllegalArgumentException(
          "docs and scores differ in length: " + docs.length + " vs " + scores.length);
    }
  }

  /**
   * The best {@code k} of {@code docs} by {@code scores}, in the order every source returns: score
   * descending, equal scores by external id ascending ({@link CandidateSource}'s rule). The arrays given
   * are left as they are.
   */
  public static CandidateList ranked(String queryId, int[] docs, float[] scores, DocIds ids, int k) {
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> scores[x] != scores[y] ? Float.compare(scores[y], scores[x])
        : ids.id(docs[x]).compareTo(ids.id(docs[y])));
    int n = Math.max(0, Math.min(k, docs.length));
    int[] d = new int[n];
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = docs[order[i]];
      s[i] = scores[order[i]];
    }
    return new CandidateList(queryId, d, s);
  }

  /** An empty list, for a query that matched nothing (for example, only stop words). */
  public static CandidateList empty(String queryId) {
    return new CandidateList(queryId, new int[0], new float[0]);
  }

  /** Number of candidates. */
  public int size() {
    return docs.length;
  }

  /** Corpus ordinal at rank {@code i} (0-based). */
  public int doc(int i) {
    return docs[i];
  }

  /** Score at rank {@code i} (0-based). */
  public float score(int i) {
    return scores[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CandidateList other
        && queryId.equals(other.queryId)
        && Arrays.equals(docs, other.docs)
        && Arrays.equals(scores, other.scores);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * queryId.hashCode() + Arrays.hashCode(docs)) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "CandidateList[" + queryId + ", " + docs.length + " candidates]";
  }
}
