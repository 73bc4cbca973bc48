package dev.foil.recsys.train;

/**
 * How long and how a recommendation model trains.
 *
 * @param epochs passes over the training interactions
 * @param batchSize (user, positive) pairs per step
 * @param learningRate AdamW's peak rate (linear warm-up over the first 1 % of steps, then linear decay)
 * @param negatives negatives per positive
 * @param sampler the item sampler's spec, e.g. {@code uniform} or {@code large-ratio(shared=true)}
 * @param seed fixes batches, negatives and initialisation
 * @param maxStepsPerEpoch cap on steps per epoch (0 = all), for short runs and tests
 */
public record TrainSettings(int epochs, int batchSize, float learningRate, int negatives, String sampler, long seed,
    int maxStepsPerEpoch) {
  /** AdamW's peak rate when none is given. */
  public static final float LEARNING_RATE = 1e-3f;

  /**
   * The item sampler of {@code model} when none is given: SimpleX's large-ratio sampler (Mao et al.,
   * CIKM 2021) for {@code simplex}, NBPO's own for {@code nbpo}, uniform for MF-BPR and BPO.
   */
  public static String defaultSampler(String model) {
    return switch (model) {
      case "simplex" -> "large-ratio(shared=true)";
      case "nbpo" -> "nbpo";
      default -> "uniform";
    };
  }

  /** Negatives per positive when none are given: 1,000 for SimpleX's contrastive loss, 1 for pairwise losses. */
  public static int defaultNegatives(String model) {
    return model.equals("simplex") ? 1000 : 1;
  }

  public TrainSettings {
    if (epochs < 1 || batchSize < 1 || negatives < 1 || maxStepsPerEpoch < 0) {
      throw new IllegalArgumentException("epochs, batch size and negatives must be positive");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("illegal learning rate " + learningRate + ", must be positive");
    }
  }
}
