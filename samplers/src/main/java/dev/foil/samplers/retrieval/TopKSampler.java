package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.spec.Parameters;
import dev.foil.samplers.spec.Spec;
import java.util.List;

/**
 * {@code top-k}: the highest-scoring non-positive candidates (the "hard negatives" of ANCE, Xiong et
 * al., ICLR 2021), ties by pool order. The most informative and the most likely to be false negatives.
 */
public final class TopKSampler implements NegativeSampler {
  @Override
  public String name() {
    return "top-k";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters.bind(spec, List.of());
    return this;
  }

  @Override
  public String spec() {
    return "top-k";
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return Ranked.firstN(c, Ranked.byScore(c), n, i -> true);
  }

  @Override
  public String toString() {
    return spec();
  }
}
