package dev.foil.samplers.items;

import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/**
 * {@code dns(candidates)}: dynamic negative sampling (Zhang et al., "Optimizing Top-N Collaborative
 * Filtering via Dynamic Negative Item Sampling", SIGIR 2013, Alg. 1): each negative is the one the
 * current model scores highest among C uniform non-positive candidates.
 */
public final class DnsItemSampler implements ItemSampler {
  private final int candidates;

  public DnsItemSampler() {
    this(8);
  }

  private DnsItemSampler(int candidates) {
    this.candidates = candidates;
  }

  @Override
  public String name() {
    return "dns";
  }

  @Override
  public ItemSampler configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("candidates"));
    return new DnsItemSampler(p.integer("candidates", 8, 1));
  }

  @Override
  public String spec() {
    return "dns(candidates=" + candidates + ")";
  }

  @Override
  public Draw bind(ItemSamplingContext context) {
    UserItems train = context.train();
    ItemScorer scorer = context.requireScorer(name());
    PositiveMask mask = new PositiveMask(train);
    int c = candidates;
    return (users, n, rng) -> {
      int per = n * c;
      int[] pool = new int[users.length * per];
      for (int b = 0; b < users.length; b++) {
        UniformItemSampler.fill(mask, users[b], train.numItems(), pool, b * per, per, rng);
      }
      float[] s = scorer.score(users, pool, per);
      int[] out = new int[users.length * n];
      for (int b = 0; b < users.length; b++) {
        for (int j = 0; j < n; j++) {
          int base = b * per + j * c;
          int best = base;
          for (int k = base + 1; k < base + c; k++) {
            if (s[k] > s[best]) {
              best = k;
            }
          }
          out[b * n + j] = pool[best];
        }
      }
      return ItemNegatives.perUser(out, null, n);
    };
  }

  @Override
  public String toString() {
    return spec();
  }
}
