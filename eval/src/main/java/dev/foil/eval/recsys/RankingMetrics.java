package dev.foil.eval.recsys;

/**
 * Top-K metrics of one user's ranked list against the user's held-out items, as LightGCN (He et al.,
 * SIGIR 2020) and SimpleX compute them:
 *
 * <ul>
 *   <li>Recall@K = hits / |test|;
 *   <li>Precision@K = hits / K;
 *   <li>HitRate@K = 1 when any test item is in the top K;
 *   <li>NDCG@K = DCG / IDCG with DCG = Σ_{r ≤ K, item_r ∈ test} 1 / log₂(r + 1) and IDCG the same sum
 *       over the first min(K, |test|) ranks.
 * </ul>
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** The four metrics for one user. */
  public record Values(double recall, double precision, double hitRate, double ndcg) {}

  /**
   * @param ranked item ordinals, best first (only the first {@code k} count)
   * @param test the user's held-out items, sorted ascending
   */
  public static Values of(int[] ranked, int[] test, int k) {
    if (test.length == 0) {
      throw new IllegalArgumentException("a user without test items has no recall");
    }
    int hits = 0;
    double dcg = 0;
    for (int r = 0; r < Math.min(k, ranked.length); r++) {
      if (java.util.Arrays.binarySearch(test, ranked[r]) >= 0) {
        hits++;
        dcg += 1 / log2(r + 2);
      }
    }
    double idcg = 0;
    for (int r = 0; r < Math.min(k, test.length); r++) {
      idcg += 1 / log2(r + 2);
    }
    return new Values((double) hits / test.length, (double) hits / k, hits > 0 ? 1 : 0, dcg / idcg);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
