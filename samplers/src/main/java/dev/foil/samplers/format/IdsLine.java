package dev.foil.samplers.format;

import dev.foil.samplers.pipeline.Explanation;
import java.util.List;

/**
 * One line of the {@code ids} layout as written: the query id, its positives with their reference
 * scores, every negative with why it is there, and the shortfall.
 *
 * @param positiveScores the reference score of each positive
 * @param shortfall how many fewer negatives than asked the line has
 */
public record IdsLine(String queryId, List<String> positives, float[] positiveScores, List<Negative> negatives,
    int shortfall) {
  public IdsLine {
    positives = List.copyOf(positives);
    negatives = List.copyOf(negatives);
  }

  /**
   * One negative.
   *
   * @param rank its 1-based rank by the reference source, 0 when unranked
   * @param score its reference score; NaN (written as null) only in files from a miner without a reference
   *     scorer
   * @param weight its training weight
   * @param source the source that ranked it best, or {@code corpus} for a top-up
   * @param reason the sampler spec that chose it, or {@code top-up(random)}
   * @param topUp whether it was added because the sampler found too few
   * @param explain why it is there, when the file was mined with explanations; else {@code null}
   */
  public record Negative(String docid, int rank, float score, double weight, String source, String reason,
      boolean topUp, Explanation explain) {}
}
