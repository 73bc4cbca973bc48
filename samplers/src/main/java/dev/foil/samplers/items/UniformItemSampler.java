package dev.foil.samplers.items;

import dev.foil.samplers.plugin.ParameterlessPlugin;
import java.util.SplittableRandom;

/**
 * {@code uniform}: items drawn uniformly with replacement, rejecting the user's own positives — the
 * sampler of BPR (Rendle et al., UAI 2009, §4.2) and of SimpleX's large negative ratios.
 *
 * <p>Each 64-bit draw of the generator yields two candidates (its two halves mapped to [0, items) by
 * multiply-shift, whose bias is below items / 2³²); a candidate is rejected by one bit test against
 * the user's positives.
 */
public final class UniformItemSampler extends ParameterlessPlugin<ItemSampler> implements ItemSampler {

  public UniformItemSampler() {
    super("uniform");
  }

  @Override
  public Draw bind(ItemSamplingContext context) {
    UserItems train = context.train();
    PositiveMask mask = new PositiveMask(train);
    return (users, n, rng) -> {
      int[] out = new int[users.length * n];
      for (int b = 0; b < users.length; b++) {
        fill(mask, users[b], train.numItems(), out, b * n, n, rng);
      }
      return ItemNegatives.perUser(out, null, n);
    };
  }

  /** Fills {@code out[off .. off+n)} with uniform non-positives of {@code user}. */
  static void fill(PositiveMask mask, int user, int numItems, int[] out, int off, int n, SplittableRandom rng) {
    mask.set(user);
    long m = numItems;
    int k = 0;
    while (k < n) {
      long r = rng.nextLong();
      int a = (int) (((r >>> 32) * m) >>> 32);
      int c = (int) (((r & 0xFFFFFFFFL) * m) >>> 32);
      if (!mask.has(a)) {
        out[off + k++] = a;
      }
      if (k < n && !mask.has(c)) {
        out[off + k++] = c;
      }
    }
    mask.clear(user);
  }
}
