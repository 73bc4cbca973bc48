package dev.foil.samplers.adapt;

import dev.foil.index.data.Query;
import java.io.IOException;

/**
 * The non-learned baseline estimator: a candidate that a teacher scores close to (or above) the
 * query's positives is probably relevant. p = σ((t(c) − t⁺) / τ), where t⁺ is the teacher's lowest
 * score among the positives and σ the logistic function; at t(c) = t⁺ the estimate is 0.5.
 */
public final class TeacherMarginEstimator implements FalseNegativeEstimator {
  private final CandidateScorer teacher;
  private final double temperature;

  /**
   * @param temperature τ > 0, in the teacher's score units: how sharply p rises around t⁺
   */
  public TeacherMarginEstimator(CandidateScorer teacher, double temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("illegal temperature value: " + temperature + ", must be > 0");
    }
    this.teacher = teacher;
    this.temperature = temperature;
  }

  @Override
  public double[] estimate(Query query, int[] positives, int[] candidates) throws IOException {
    float[] pos = teacher.score(query, positives);
    double ref = Double.POSITIVE_INFINITY;
    for (float p : pos) {
      ref = Math.min(ref, p);
    }
    float[] t = teacher.score(query, candidates);
    double[] out = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = pos.length == 0 ? 0 : 1 / (1 + Math.exp(-(t[i] - ref) / temperature));
    }
    return out;
  }
}
