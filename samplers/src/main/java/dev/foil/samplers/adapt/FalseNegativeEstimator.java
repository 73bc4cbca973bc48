package dev.foil.samplers.adapt;

import dev.foil.index.data.Query;
import java.io.IOException;

/** Estimates, per candidate, the probability that it is relevant although unjudged (a false negative). */
@FunctionalInterface
public interface FalseNegativeEstimator {
  /**
   * P(false negative) of each candidate, in [0, 1].
   *
   * @param positives the query's judged positives (corpus ordinals)
   * @param candidates the candidates to estimate (corpus ordinals)
   */
  double[] estimate(Query query, int[] positives, int[] candidates) throws IOException;
}
