package dev.foil.samplers.items;

import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/**
 * {@code large-ratio(shared, groups)}: SimpleX's sampling (Mao et al., "SimpleX: A Simple and Strong
 * Baseline for Collaborative Filtering", CIKM 2021, §3.3): hundreds to thousands of uniform negatives
 * per positive. With {@code shared=true} (the default) the batch's rows are split into {@code groups}
 * contiguous groups (default 1, the whole batch) and each group shares one set of n items, so a model
 * scores a group's set with one matrix product; an item that is a positive of a row's user gets
 * weight 0 for that row instead of being redrawn. More groups spread a batch's negative gradient over
 * more items (G × n per batch) at the same scoring cost. With {@code shared=false} each row draws its
 * own n with rejection, exactly as {@code uniform}.
 */
public final class LargeRatioItemSampler implements ItemSampler {
  private final boolean shared;
  private final int groups;

  public LargeRatioItemSampler() {
    this(true, 1);
  }

  private LargeRatioItemSampler(boolean shared, int groups) {
    this.shared = shared;
    this.groups = groups;
  }

  @Override
  public String name() {
    return "large-ratio";
  }

  @Override
  public ItemSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("shared", "groups"));
    String v = p.raw().getOrDefault("shared", "true");
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("large-ratio: illegal shared value: " + v + ", must be true or false");
    }
    String g = p.raw().getOrDefault("groups", "1");
    int groups;
    try {
      groups = Integer.parseInt(g);
    } catch (NumberFormatException e) {
      groups = 0;
    }
    if (groups < 1) {
      throw new IllegalArgumentException("large-ratio: illegal groups value: " + g + ", must be an integer >= 1");
    }
    if (groups > 1 && !Boolean.parseBoolean(v)) {
      throw new IllegalArgumentException("large-ratio: groups applies to shared negatives; drop it or set shared=true");
    }
    return new LargeRatioItemSampler(Boolean.parseBoolean(v), groups);
  }

  @Override
  public String spec() {
    return "large-ratio(shared=" + shared + (groups > 1 ? ",groups=" + groups : "") + ")";
  }

  @Override
  public Draw bind(ItemSamplingContext context) {
    UserItems train = context.train();
    if (!shared) {
      return new UniformItemSampler().bind(context);
    }
    long m = train.numItems();
    // For each item, the first slot of the group's set holding it (−1: not drawn for this group) and
    // the next slot holding it again: masking walks each row's positives, not all n negatives.
    int[] firstSlot = new int[train.numItems()];
    java.util.Arrays.fill(firstSlot, -1);
    return (users, n, rng) -> {
      int g = Math.min(groups, users.length);
      int[] items = new int[g * n];
      int[] nextSlot = new int[n];
      float[] w = new float[users.length * n];
      java.util.Arrays.fill(w, 1f);
      int[] rows = train.items();
      for (int group = 0; group < g; group++) {
        int base = group * n;
        for (int j = 0; j < n; j++) {
          int i = (int) (((rng.nextLong() >>> 32) * m) >>> 32);
          items[base + j] = i;
          nextSlot[j] = firstSlot[i];
          firstSlot[i] = j;
        }
        int first = ItemNegatives.groupStart(group, g, users.length);
        int last = ItemNegatives.groupStart(group + 1, g, users.length);
        for (int b = first; b < last; b++) {
          for (int k = train.offsets()[users[b]], end = train.offsets()[users[b] + 1]; k < end; k++) {
            for (int j = firstSlot[rows[k]]; j >= 0; j = nextSlot[j]) {
              w[b * n + j] = 0f;
            }
          }
        }
        for (int j = 0; j < n; j++) {
          firstSlot[items[base + j]] = -1;
        }
      }
      return new ItemNegatives(items, w, n, g);
    };
  }

  @Override
  public String toString() {
    return spec();
  }
}
