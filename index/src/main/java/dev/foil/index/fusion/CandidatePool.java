package dev.foil.index.fusion;

import java.util.List;

/**
 * The union of several sources' candidates for one query, in fused order, with what each source said
 * of each candidate. Entry {@code [s][i]} describes candidate {@code i} under source {@code s}: its
 * score (computed even when the source did not retrieve it) and its 1-based rank, or 0 when the
 * source did not retrieve it. Positives are listed apart with the same information.
 *
 * @param queryId the query
 * @param sources source names, in the order of the first index of the score and rank arrays
 * @param docs candidate ordinals, best fused first
 * @param fused reciprocal-rank-fusion scores of {@code docs}
 * @param scores per source, per candidate
 * @param ranks per source, per candidate; 0 = not retrieved by that source
 * @param positives the query's positive ordinals
 * @param positiveScores per source, per positive
 * @param positiveRanks per source, per positive; 0 = not retrieved
 */
public record CandidatePool(
    String queryId,
    List<String> sources,
    int[] docs,
    float[] fused,
    float[][] scores,
    int[][] ranks,
    int[] positives,
    float[][] positiveScores,
    int[][] positiveRanks) {

  /** Number of pooled candidates. */
  public int size() {
    return docs.length;
  }
}
