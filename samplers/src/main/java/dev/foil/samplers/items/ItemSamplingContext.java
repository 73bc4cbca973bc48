package dev.foil.samplers.items;

/**
 * What an item sampler may consult: the training interactions (positives to reject, popularity) and,
 * where the model provides them, its live scorer and flip-rate model.
 *
 * @param train the training interactions
 * @param scorer the model's current scores, or {@code null}
 * @param flipRates the model's noise model, or {@code null}
 */
public record ItemSamplingContext(UserItems train, ItemScorer scorer, FlipRateModel flipRates) {

  /** A context with interactions only. */
  public static ItemSamplingContext of(UserItems train) {
    return new ItemSamplingContext(train, null, null);
  }

  ItemScorer requireScorer(String sampler) {
    if (scorer == null) {
      throw new IllegalStateException(sampler + " scores candidates with the model being trained, and this model offers no scorer");
    }
    return scorer;
  }

  FlipRateModel requireFlipRates(String sampler) {
    if (flipRates == null) {
      throw new IllegalStateException(sampler + " weights negatives by learned flip rates: train with --model nbpo");
    }
    return flipRates;
  }
}
