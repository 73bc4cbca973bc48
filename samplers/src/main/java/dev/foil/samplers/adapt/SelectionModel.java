package dev.foil.samplers.adapt;

/**
 * A pooling-bias selection model: P(judged | candidate), the probability that the candidate would have
 * been shown to assessors. Learned models (CET, Cai et al., CIKM 2022) implement it in {@code rankers};
 * {@link RankPropensity} is the baseline.
 */
@FunctionalInterface
public interface SelectionModel {
  /**
   * P(judged) of each candidate, in (0, 1].
   *
   * @param ranks each candidate's 1-based rank under the reference source, 0 when not retrieved by it
   */
  double[] pJudged(String queryId, int[] candidates, int[] ranks);
}
