package dev.foil.samplers.pipeline;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One filter of a composed sampler ({@code window(10,210) | relative-margin(0.05) | …}): keeps the
 * remaining candidates its rule admits, and reports how many it kept and dropped, as every stage does.
 */
final class FilterStage implements MinerStage {
  private final NegativeSampler filter;
  private final String name;

  FilterStage(NegativeSampler filter) {
    this.filter = filter;
    this.name = "filter " + filter.spec();
  }

  @Override
  public StageCount apply(AnchorWork w) {
    SamplingContext ctx = SamplerStage.context(w);
    IntPredicate admits = filter.admits(ctx);
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < w.keep.size(); j++) {
      if (admits.test(j)) {
        kept.add(w.keep.get(j));
      }
    }
    int dropped = w.keep.size() - kept.size();
    w.keep = kept;
    w.filters.add(filter.spec());
    return new StageCount(name, kept.size(), dropped);
  }
}
