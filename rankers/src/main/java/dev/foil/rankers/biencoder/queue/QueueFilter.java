package dev.foil.rankers.biencoder.queue;

import dev.foil.samplers.plugin.Configurable;

/**
 * Chooses which queue entries serve a query as negatives: the selective negative sampling of Hoang et
 * al. (arXiv:2501.16360, 2025, §III-B) keeps the most challenging entries by cosine similarity and leaves
 * out the noisy ones. Filters are plugins found through {@code ServiceLoader} and written as spec strings,
 * like the mining samplers: {@code all}, {@code hardest(h=256,margin=0)}.
 */
public interface QueueFilter extends Configurable<QueueFilter> {
  /**
   * Chooses among one query's eligible entries.
   *
   * @param similarity the query's cosine similarity to each queue entry
   * @param positive the query's cosine similarity to its positive
   * @param eligible on entry, the entries that may serve (not the query's own positives, not already in
   *     the batch); the filter clears those it leaves out
   * @return what it kept and left out
   */
  Selection select(float[] similarity, float positive, boolean[] eligible);

  /**
   * One query's filtering.
   *
   * @param kept entries used as negatives
   * @param falseNegatives entries left out as likely false negatives (too close to the positive)
   * @param easy entries left out as not hard enough
   */
  record Selection(int kept, int falseNegatives, int easy) {}
}
