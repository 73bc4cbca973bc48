package dev.foil.samplers.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Why a negative is in the training file, in the spirit of Lucene's {@code Explanation}: the stage
 * that chose it, the filters it passed on the way, its reference score and rank, the probability the
 * sampler gave it, and what changed its weight. {@code foil mine --explain} writes it into the
 * {@code ids} format.
 *
 * @param keptBy the stage that chose it: {@code sampler <spec>} or {@code top-up(random)}
 * @param passed the filter stages it passed, in order (e.g. {@code positives}, {@code text-duplicates},
 *     {@code fn-drop(0.5)})
 * @param referenceScore its reference-source score (NaN only for a miner without a reference scorer ({@link dev.foil.samplers.adapt.CandidateScorer}))
 * @param referenceRank its reference-source rank, 0 when unranked
 * @param probability the probability the sampler gave it on the first draw among the candidates it saw,
 *     or {@code null} for a sampler that is a rule (top-k, margins) and for a top-up
 * @param falseNegative the adapter's P(false negative) for it, or {@code null} without an adapter
 * @param weightFactors the factors its weight is the product of, by stage ({@code fn-reweight}, {@code cet})
 */
public record Explanation(String keptBy, List<String> passed, float referenceScore, int referenceRank,
    Double probability, Double falseNegative, Map<String, Double> weightFactors) {
  public Explanation {
    passed = List.copyOf(passed);
    weightFactors = Map.copyOf(weightFactors);
  }
}
