package dev.foil.samplers.items;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants every item sampler keeps: in range, never a positive (or masked to weight 0), seeded. */
class ItemSamplerProperties {

  @Provide
  Arbitrary<String> specs() {
    return Arbitraries.of("uniform", "popularity(alpha=0.75)", "popularity(alpha=0)", "dns(candidates=4)",
        "large-ratio(shared=true)", "large-ratio(shared=true,groups=3)", "large-ratio(shared=false)", "nbpo");
  }

  /** A random training set where no user holds every item. */
  static UserItems randomTrain(long seed, int users, int items, int perUser) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = users * perUser;
    int[] us = new int[n];
    int[] is = new int[n];
    for (int k = 0; k < n; k++) {
      us[k] = k / perUser;
      is[k] = r.nextInt(Math.max(1, items - 1)); // the last item is never a positive
    }
    return UserItems.of(users, items, us, is, n);
  }

  /** A scorer that prefers high item ordinals, and flip rates that trust low ordinals. */
  static ItemSamplingContext context(UserItems train) {
    ItemScorer scorer = (users, items, per) -> {
      float[] s = new float[items.length];
      for (int k = 0; k < s.length; k++) {
        s[k] = items[k];
      }
      return s;
    };
    FlipRateModel flips = (users, items, per, out) -> {
      for (int k = 0; k < items.length; k++) {
        out[k] = 1f - (float) items[k] / train.numItems();
      }
    };
    return new ItemSamplingContext(train, scorer, flips);
  }

  @Property(tries = 200)
  void inRangeNeverAPositiveUnlessMaskedAndExactlyN(
      @ForAll("specs") String spec, @ForAll long seed, @ForAll @IntRange(min = 2, max = 40) int users,
      @ForAll @IntRange(min = 2, max = 300) int items, @ForAll @IntRange(min = 1, max = 30) int perUser,
      @ForAll @IntRange(min = 1, max = 50) int n) {
    UserItems train = randomTrain(seed, users, items, perUser);
    ItemSampler.Draw draw = ItemSamplers.parse(spec).bind(context(train));
    int[] batch = new SplittableRandom(seed + 1).ints(8, 0, users).toArray();
    ItemNegatives neg = draw.draw(batch, n, new SplittableRandom(seed));
    assertEquals(neg.shared() ? neg.groups() * n : batch.length * n, neg.items().length);
    for (int b = 0; b < batch.length; b++) {
      for (int j = 0; j < n; j++) {
        int item = neg.item(b, j, batch.length);
        assertTrue(item >= 0 && item < items, spec + ": item " + item + " out of range");
        if (train.contains(batch[b], item)) {
          assertEquals(0f, neg.weight(b, j), spec + ": positive " + item + " of user " + batch[b] + " not masked");
        }
        float w = neg.weight(b, j);
        assertTrue(w >= 0 && w <= 1, spec + ": weight " + w);
      }
    }
  }

  @Property(tries = 50)
  void aSeedFixesEveryDraw(@ForAll("specs") String spec, @ForAll long seed) {
    UserItems train = randomTrain(seed, 20, 120, 10);
    int[] batch = {0, 3, 3, 19, 7};
    ItemNegatives a = ItemSamplers.parse(spec).bind(context(train)).draw(batch, 17, new SplittableRandom(seed));
    ItemNegatives b = ItemSamplers.parse(spec).bind(context(train)).draw(batch, 17, new SplittableRandom(seed));
    assertArrayEquals(a.items(), b.items());
    ItemNegatives c = ItemSamplers.parse(spec).bind(context(train)).draw(batch, 17, new SplittableRandom(seed + 1));
    assertFalse(java.util.Arrays.equals(a.items(), c.items()), "another seed, the same 85 draws");
  }

  @Property(tries = 300)
  void rowGroupsTileTheBatchInOrder(@ForAll @IntRange(min = 1, max = 64) int groups,
      @ForAll @IntRange(min = 1, max = 2000) int rows) {
    org.junit.jupiter.api.Assumptions.assumeTrue(groups <= rows);
    ItemNegatives neg = new ItemNegatives(new int[groups], null, 1, groups);
    assertEquals(0, neg.groupStart(0, rows));
    assertEquals(rows, neg.groupStart(groups, rows));
    for (int g = 0; g < groups; g++) {
      int size = neg.groupStart(g + 1, rows) - neg.groupStart(g, rows);
      assertTrue(size == rows / groups || size == rows / groups + 1, "group " + g + " has " + size + " rows");
      for (int b = neg.groupStart(g, rows); b < neg.groupStart(g + 1, rows); b++) {
        assertEquals(g, neg.groupOf(b, rows), "row " + b);
      }
    }
  }

  @Property(tries = 30)
  void uniformIsUniformOverNonPositives(@ForAll long seed) {
    UserItems train = randomTrain(seed, 1, 50, 20);
    int free = 50 - train.degree(0);
    int draws = 200_000;
    ItemNegatives neg = ItemSamplers.parse("uniform").bind(ItemSamplingContext.of(train))
        .draw(new int[] {0}, draws, new SplittableRandom(seed));
    int[] counts = new int[50];
    for (int i : neg.items()) {
      counts[i]++;
    }
    double expected = (double) draws / free;
    double chi2 = 0;
    for (int i = 0; i < 50; i++) {
      if (!train.contains(0, i)) {
        chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
      }
    }
    // χ² with free−1 ≤ 49 degrees of freedom: 99.99th percentile < 100.
    assertTrue(chi2 < 100, "chi² " + chi2 + " over " + free + " items");
  }
}
