package dev.foil.samplers.pipeline;

import dev.foil.samplers.adapt.FalseNegativeAdapter;
import java.io.IOException;

/**
 * Estimates P(false negative) of every remaining candidate; {@code fn-drop(t)} removes those above t
 * (fn-reweight and fn-resample use the estimates later).
 */
final class FalseNegativeStage implements MinerStage {
  @Override
  public StageCount apply(AnchorWork w) throws IOException {
    FalseNegativeAdapter adapter = w.settings.adapter();
    int[] docs = w.keep.stream().mapToInt(i -> w.pool.docs()[i]).toArray();
    double[] p = w.settings.estimator().estimate(w.query, w.pool.positives(), docs);
    for (int i = 0; i < docs.length; i++) {
      w.pFalse.put(docs[i], p[i]);
    }
    if (adapter.mode() != FalseNegativeAdapter.Mode.DROP) {
      return null;
    }
    int before = w.keep.size();
    w.keep.removeIf(i -> w.pFalse.get(w.pool.docs()[i]) > adapter.threshold());
    w.filters.add(adapter.spec());
    return new StageCount(adapter.spec(), w.keep.size(), before - w.keep.size());
  }
}
