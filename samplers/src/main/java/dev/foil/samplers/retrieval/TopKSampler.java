package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.ParameterlessPlugin;

/**
 * {@code top-k}: the highest-scoring non-positive candidates (the "hard negatives" of ANCE, Xiong et
 * al., ICLR 2021), ties by pool order. The most informative and the most likely to be false negatives.
 */
public final class TopKSampler extends ParameterlessPlugin<NegativeSampler> implements NegativeSampler {
  public TopKSampler() {
    super("top-k");
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return Ranked.firstN(c, Ranked.byScore(c), n, i -> true);
  }
}
