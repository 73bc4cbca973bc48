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

  public TrainSettings {
    if (epochs < 1 || batchSize < 1 || negatives < 1 || maxStepsPerEpoch < 0) {
      throw new IllegalArgumentException("epochs, batch size and negatives must be positive");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("illegal learning rate " + learningRate + ", must be positive");
    }
  }
}
