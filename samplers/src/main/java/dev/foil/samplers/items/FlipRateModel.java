package dev.foil.samplers.items;

/**
 * A learned noise model of implicit feedback (NBPO, Yu and Qin, SIGIR 2020): for an unobserved
 * (user, item) pair, the probability that it is a true negative rather than an unobserved positive
 * (a label flipped by the observation process). The NBPO model in {@code recsys} implements it; the
 * {@code nbpo} sampler turns it into per-negative weights.
 */
@FunctionalInterface
public interface FlipRateModel {

  /**
   * Writes, for {@code items[b * perUser + j]} unobserved by user {@code users[b]}, the probability
   * that the pair is a true negative, into {@code out} (same layout).
   */
  void trueNegativeProbability(int[] users, int[] items, int perUser, float[] out);
}
