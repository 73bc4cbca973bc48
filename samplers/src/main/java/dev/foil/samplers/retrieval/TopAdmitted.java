package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;

/**
 * A filter whose rule, used alone, takes the highest-scoring candidates it admits (the margins, the score
 * bounds): NV-Retriever's TopK-MarginPos and TopK-PercPos, sentence-transformers' {@code max_score} with
 * {@code sampling_strategy="top"}.
 */
interface TopAdmitted extends NegativeSampler {
  @Override
  default int[] sample(SamplingContext c, int n) {
    return Ranked.firstN(c, Ranked.byScore(c), n, admits(c));
  }

  @Override
  default boolean isFilter() {
    return true;
  }
}
