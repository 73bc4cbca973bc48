package dev.foil.samplers.items;

import dev.foil.samplers.plugin.ParameterlessPlugin;

/**
 * {@code nbpo}: NBPO's adaptive sampler (Yu and Qin, "Sampler Design for Implicit Feedback Data by
 * Noisy-label Robust Learning", SIGIR 2020, §4): uniform non-positive items, each weighted by the
 * probability that it is a true negative under the model's learned flip rates, P(y = 0 | ỹ = 0). An
 * unvoted item the noise model believes the user would like counts less as a negative.
 */
public final class NbpoItemSampler extends ParameterlessPlugin<ItemSampler> implements ItemSampler {

  public NbpoItemSampler() {
    super("nbpo");
  }

  @Override
  public Draw bind(ItemSamplingContext context) {
    UserItems train = context.train();
    FlipRateModel flips = context.requireFlipRates(name());
    PositiveMask mask = new PositiveMask(train);
    return (users, n, rng) -> {
      int[] out = new int[users.length * n];
      for (int b = 0; b < users.length; b++) {
        UniformItemSampler.fill(mask, users[b], train.numItems(), out, b * n, n, rng);
      }
      float[] w = new float[out.length];
      flips.trueNegativeProbability(users, out, n, w);
      return ItemNegatives.perUser(out, w, n);
    };
  }
}
