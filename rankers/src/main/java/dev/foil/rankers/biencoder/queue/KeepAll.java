package dev.foil.rankers.biencoder.queue;

import dev.foil.samplers.plugin.ParameterlessPlugin;

/** {@code all}: every eligible queue entry is a negative, as in MoCo. */
public final class KeepAll extends ParameterlessPlugin<QueueFilter> implements QueueFilter {
  public KeepAll() {
    super("all");
  }

  @Override
  public Selection select(float[] similarity, float positive, boolean[] eligible) {
    int kept = 0;
    for (boolean e : eligible) {
      kept += e ? 1 : 0;
    }
    return new Selection(kept, 0, 0);
  }
}
