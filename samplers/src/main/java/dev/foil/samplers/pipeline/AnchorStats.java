package dev.foil.samplers.pipeline;

import java.util.List;

/**
 * The counters of one mined anchor, immutable; {@link MiningStats#add} merges them into a run's, in
 * anchor order, so that a run's counters do not depend on how anchors were spread over threads.
 *
 * @param stages what each reporting stage kept and dropped, in pipeline order
 * @param topUps negatives drawn from the corpus because the sampler found too few
 * @param shortfall how many fewer negatives than asked the anchor got
 * @param positiveScore the reference score of the lowest positive
 * @param negativeScores each negative's reference score (NaN only for a miner without a reference scorer ({@link dev.foil.samplers.adapt.CandidateScorer}))
 * @param negativeRanks each negative's reference rank (0 when unranked)
 * @param plantedMined negatives that are known (planted) false negatives
 */
public record AnchorStats(List<StageCount> stages, int topUps, int shortfall, float positiveScore,
    float[] negativeScores, int[] negativeRanks, int plantedMined) {
  public AnchorStats {
    stages = List.copyOf(stages);
    negativeScores = negativeScores.clone();
    negativeRanks = negativeRanks.clone();
  }

  /** Negatives mined. */
  public int negatives() {
    return negativeScores.length;
  }
}
