package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.ParameterlessPlugin;

/**
 * {@code random}: documents drawn uniformly from the whole corpus (not the candidate pool), excluding
 * positives — the classic easy baseline (e.g. Karpukhin et al., DPR, EMNLP 2020, §3.2).
 */
public final class RandomSampler extends ParameterlessPlugin<NegativeSampler> implements NegativeSampler {
  public RandomSampler() {
    super("random");
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return CorpusDraw.draw(c.corpusSize(), c.excluded(), new int[0], n, c.rng());
  }
}
