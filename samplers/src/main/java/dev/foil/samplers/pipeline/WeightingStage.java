package dev.foil.samplers.pipeline;

import dev.foil.samplers.adapt.FalseNegativeAdapter;
import java.io.IOException;
import java.util.Arrays;

/**
 * The negatives' training weights: 1, times 1 − p under {@code fn-reweight}, times P(judged) over its
 * mean under a CET selection model (negatives likely to have been judged, had they been relevant, are
 * trusted more).
 */
final class WeightingStage implements MinerStage {
  static final String REWEIGHT = "fn-reweight";
  static final String CET = "cet";

  @Override
  public StageCount apply(AnchorWork w) throws IOException {
    int total = w.picked.length + w.topUps.length;
    int[] all = Arrays.copyOf(w.picked, total);
    System.arraycopy(w.topUps, 0, all, w.picked.length, w.topUps.length);
    double[] weights = new double[total];
    Arrays.fill(weights, 1);
    FalseNegativeAdapter adapter = w.settings.adapter();
    if (adapter != null && adapter.mode() == FalseNegativeAdapter.Mode.REWEIGHT) {
      int[] missing = Arrays.stream(all).filter(d -> !w.pFalse.containsKey(d)).toArray();
      if (missing.length > 0) {
        double[] p = w.settings.estimator().estimate(w.query, w.pool.positives(), missing);
        for (int i = 0; i < missing.length; i++) {
          w.pFalse.put(missing[i], p[i]);
        }
      }
      for (int i = 0; i < total; i++) {
        double f = 1 - w.pFalse.get(all[i]);
        weights[i] *= f;
        w.factor(all[i], REWEIGHT, f);
      }
    }
    int ref = w.settings.referenceSource();
    int[] ranks = new int[total];
    for (int i = 0; i < total; i++) {
      Integer pi = w.poolIndex(all[i]);
      ranks[i] = pi == null ? 0 : w.pool.ranks()[ref][pi];
    }
    if (w.settings.selection() != null && total > 0) {
      double[] pj = w.settings.selection().pJudged(w.query.id(), all, ranks);
      double mean = Arrays.stream(pj).average().orElse(1);
      for (int i = 0; i < total; i++) {
        double f = pj[i] / mean;
        weights[i] *= f;
        w.factor(all[i], CET, f);
      }
    }
    w.all = all;
    w.ranks = ranks;
    w.weights = weights;
    return null;
  }
}
