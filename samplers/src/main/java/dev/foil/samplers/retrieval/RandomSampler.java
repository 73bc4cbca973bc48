package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.spec.Parameters;
import dev.foil.samplers.spec.Spec;
import java.util.List;

/**
 * {@code random}: documents drawn uniformly from the whole corpus (not the candidate pool), excluding
 * positives — the classic easy baseline (e.g. Karpukhin et al., DPR, EMNLP 2020, §3.2).
 */
public final class RandomSampler implements NegativeSampler {
  @Override
  public String name() {
    return "random";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters.bind(spec, List.of());
    return this;
  }

  @Override
  public String spec() {
    return "random";
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return CorpusDraw.draw(c.corpusSize(), c.excluded(), new int[0], n, c.rng());
  }

  @Override
  public String toString() {
    return spec();
  }
}
