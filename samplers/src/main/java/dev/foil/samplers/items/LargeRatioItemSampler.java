package dev.foil.samplers.items;

import dev.foil.samplers.spec.Parameters;
import dev.foil.samplers.spec.Spec;
import java.util.List;

/**
 * {@code large-ratio(shared)}: SimpleX's sampling (Mao et al., "SimpleX: A Simple and Strong Baseline
 * for Collaborative Filtering", CIKM 2021, §3.3): hundreds to thousands of uniform negatives per
 * positive. With {@code shared=true} (the default) one set of n items serves the whole batch, so a
 * model scores it with one matrix product; an item that is a positive of a row's user gets weight 0
 * for that row instead of being redrawn. With {@code shared=false} each row draws its own n with
 * rejection, exactly as {@code uniform}.
 */
public final class LargeRatioItemSampler implements ItemSampler {
  private final boolean shared;

  public LargeRatioItemSampler() {
    this(true);
  }

  private LargeRatioItemSampler(boolean shared) {
    this.shared = shared;
  }

  @Override
  public String name() {
    return "large-ratio";
  }

  @Override
  public ItemSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("shared"));
    String v = p.raw().getOrDefault("shared", "true");
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("large-ratio: illegal shared value: " + v + ", must be true or false");
    }
    return new LargeRatioItemSampler(Boolean.parseBoolean(v));
  }

  @Override
  public String spec() {
    return "large-ratio(shared=" + shared + ")";
  }

  @Override
  public Draw bind(ItemSamplingContext context) {
    UserItems train = context.train();
    if (!shared) {
      return new UniformItemSampler().bind(context);
    }
    long m = train.numItems();
    return (users, n, rng) -> {
      int[] items = new int[n];
      for (int j = 0; j < n; j++) {
        items[j] = (int) (((rng.nextLong() >>> 32) * m) >>> 32);
      }
      float[] w = new float[users.length * n];
      for (int b = 0; b < users.length; b++) {
        for (int j = 0; j < n; j++) {
          w[b * n + j] = train.contains(users[b], items[j]) ? 0f : 1f;
        }
      }
      return new ItemNegatives(items, w, n, true);
    };
  }

  @Override
  public String toString() {
    return spec();
  }
}
