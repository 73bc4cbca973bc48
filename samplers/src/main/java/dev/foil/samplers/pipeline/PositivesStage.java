package dev.foil.samplers.pipeline;

import java.util.ArrayList;

/** Removes the anchor's positives from its candidates (and from everything drawn later). */
final class PositivesStage implements MinerStage {
  static final String NAME = "positives";

  @Override
  public StageCount apply(AnchorWork w) {
    for (int p : w.pool.positives()) {
      w.excluded.add(p);
    }
    w.keep = new ArrayList<>(w.pool.size());
    for (int i = 0; i < w.pool.size(); i++) {
      if (!w.excluded.contains(w.pool.docs()[i])) {
        w.keep.add(i);
      }
    }
    w.filters.add(NAME);
    return new StageCount(NAME, w.keep.size(), w.pool.size() - w.keep.size());
  }
}
