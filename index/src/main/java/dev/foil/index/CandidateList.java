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
