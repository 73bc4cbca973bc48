package dev.foil.samplers.items;

import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/**
 * {@code popularity(alpha)}: items drawn with probability ∝ (1 + users of the item)^α through an alias
 * table, rejecting the user's positives; α = 0.75 is word2vec's unigram^¾ (Mikolov et al., NeurIPS
 * 2013), α = 0 is uniform. The add-one keeps items nobody interacted with drawable, so a user who holds
 * every popular item still has negatives.
 */
public final class PopularityItemSampler implements ItemSampler {
  private final double alpha;

  public PopularityItemSampler() {
    this(0.75);
  }

  private PopularityItemSampler(double alpha) {
    this.alpha = alpha;
  }

  @Override
  public String name() {
    return "popularity";
  }

  @Override
  public ItemSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("alpha"));
    return new PopularityItemSampler(p.inRange("alpha", 0.75, 0, 2));
  }

  @Override
  public String spec() {
    return "popularity(alpha=" + Parameters.format(alpha) + ")";
  }

  /** The sampling weight of an item seen by {@code count} users. */
  double weight(int count) {
    return Math.pow(count + 1.0, alpha);
  }

  @Override
  public Draw bind(ItemSamplingContext context) {
    UserItems train = context.train();
    int[] counts = train.itemCounts();
    double[] w = new double[counts.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = weight(counts[i]);
    }
    AliasTable table = new AliasTable(w);
    PositiveMask mask = new PositiveMask(train);
    return (users, n, rng) -> {
      int[] out = new int[users.length * n];
      for (int b = 0; b < users.length; b++) {
        mask.set(users[b]);
        int k = 0;
        int tries = 0;
        while (k < n) {
          int i = table.sample(rng);
          if (!mask.has(i)) {
            out[b * n + k++] = i;
          } else if (++tries > 1000 * n) {
            mask.clear(users[b]);
            throw new IllegalStateException("user " + users[b] + " holds nearly all the popularity mass: "
                + "popularity sampling cannot find negatives; use uniform");
          }
        }
        mask.clear(users[b]);
      }
      return ItemNegatives.perUser(out, null, n);
    };
  }

  @Override
  public String toString() {
    return spec();
  }
}
