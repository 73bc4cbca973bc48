package dev.foil.samplers.retrieval;

import dev.foil.samplers.SamplingContext;

/**
 * {@code top-k}: the highest-scoring non-positive candidates (the "hard negatives" of ANCE, Xiong et
 * al., ICLR 2021), ties by pool order. The most informative and the most likely to be false negatives.
 */
public final class TopKSampler extends ParameterlessSampler {
  public TopKSampler() {
    super("top-k");
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return Ranked.firstN(c, Ranked.byScore(c), n, i -> true);
  }
}
