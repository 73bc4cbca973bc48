package dev.foil.samplers.items;

/**
 * A model's current preference scores, for samplers that choose negatives by the model (DNS). Models
 * in {@code recsys} implement it over their live parameters.
 */
@FunctionalInterface
public interface ItemScorer {

  /**
   * Scores {@code items[b * perUser + j]} for user {@code users[b]}.
   *
   * @return one score per item, same layout
   */
  float[] score(int[] users, int[] items, int perUser);
}
