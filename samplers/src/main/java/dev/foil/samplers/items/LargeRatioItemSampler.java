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
    // For each item, the first slot of the shared set holding it (−1: not drawn this batch) and the
    // next slot holding it again: masking walks each row's positives, not all n negatives.
    int[] firstSlot = new int[train.numItems()];
    java.util.Arrays.fill(firstSlot, -1);
    return (users, n, rng) -> {
      int[] items = new int[n];
      int[] nextSlot = new int[n];
      for (int j = 0; j < n; j++) {
        int i = (int) (((rng.nextLong() >>> 32) * m) >>> 32);
        items[j] = i;
        nextSlot[j] = firstSlot[i];
        firstSlot[i] = j;
      }
      float[] w = new float[users.length * n];
      java.util.Arrays.fill(w, 1f);
      int[] rows = train.items();
      for (int b = 0; b < users.length; b++) {
        for (int k = train.offsets()[users[b]], e = train.offsets()[users[b] + 1]; k < e; k++) {
          for (int j = firstSlot[rows[k]]; j >= 0; j = nextSlot[j]) {
            w[b * n + j] = 0f;
          }
        }
      }
      for (int i : items) {
        firstSlot[i] = -1;
      }
      return new ItemNegatives(items, w, n, true);
    };
  }

  @Override
  public String toString() {
    return spec();
  }
}
