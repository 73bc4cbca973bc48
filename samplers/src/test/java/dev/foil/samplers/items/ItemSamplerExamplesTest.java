package dev.foil.samplers.items;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ItemSamplerExamplesTest {

  @Test
  void rowsAreSortedDistinctAndSearchable() {
    UserItems t = UserItems.of(3, 10, new int[] {2, 0, 0, 2, 0}, new int[] {5, 9, 1, 5, 1}, 5);
    assertArrayEquals(new int[] {0, 2, 2, 3}, t.offsets());
    assertArrayEquals(new int[] {1, 9, 5}, t.items());
    assertTrue(t.contains(0, 9));
    assertTrue(!t.contains(1, 9));
    assertArrayEquals(new int[] {0, 1, 0, 0, 0, 1, 0, 0, 0, 1}, t.itemCounts());
    assertArrayEquals(new int[] {0, 0, 2}, t.userOfInteraction());
  }

  @Test
  void popularityFollowsCountsToTheAlpha() {
    // Item i is held by i users (item 0 by none, still drawable); user 0 holds nothing.
    int users = 11;
    int[] us = new int[55];
    int[] is = new int[55];
    int k = 0;
    for (int i = 1; i <= 10; i++) {
      for (int u = 1; u <= i; u++) {
        us[k] = u;
        is[k++] = i;
      }
    }
    UserItems train = UserItems.of(users, 11, us, is, k);
    int draws = 400_000;
    ItemNegatives neg = ItemSamplers.parse("popularity(alpha=1)").bind(ItemSamplingContext.of(train))
        .draw(new int[] {0}, draws, new SplittableRandom(3));
    int[] c = new int[11];
    for (int i : neg.items()) {
      c[i]++;
    }
    for (int i = 0; i <= 10; i++) {
      double expected = draws * (i + 1) / 66.0; // (1 + count)^1, Σ = 66
      assertEquals(expected, c[i], 5 * Math.sqrt(expected), "item " + i);
    }
  }

  @Test
  void dnsTakesTheHighestScoredCandidate() {
    UserItems train = ItemSamplerProperties.randomTrain(1, 4, 1000, 3);
    // The context's scorer scores an item by its ordinal: the highest of 16 candidates is kept, so the
    // mean negative is far above the uniform mean of ~500.
    ItemNegatives neg = ItemSamplers.parse("dns(candidates=16)").bind(ItemSamplerProperties.context(train))
        .draw(new int[] {0, 1, 2, 3}, 200, new SplittableRandom(2));
    double mean = java.util.Arrays.stream(neg.items()).average().orElseThrow();
    assertTrue(mean > 900, "mean of DNS negatives " + mean + ": 16/17 of the range expected (~941)");
  }

  @Test
  void sharedNegativesMaskEachRowsPositivesAndNbpoWeightsByFlipRates() {
    UserItems train = UserItems.of(2, 4, new int[] {0, 0, 1}, new int[] {0, 1, 3}, 3);
    ItemNegatives neg = ItemSamplers.parse("large-ratio").bind(ItemSamplingContext.of(train))
        .draw(new int[] {0, 1}, 64, new SplittableRandom(5));
    assertTrue(neg.shared());
    for (int j = 0; j < 64; j++) {
      assertEquals(train.contains(0, neg.items()[j]) ? 0f : 1f, neg.weight(0, j));
      assertEquals(train.contains(1, neg.items()[j]) ? 0f : 1f, neg.weight(1, j));
    }
    // Three groups over five rows (rows 0, 1–2, 3–4): each group its own 64 items, masked per row.
    UserItems eight = UserItems.of(2, 8, new int[] {0, 0, 1}, new int[] {0, 1, 3}, 3);
    ItemNegatives grouped = ItemSamplers.parse("large-ratio(groups=3)").bind(ItemSamplingContext.of(eight))
        .draw(new int[] {0, 1, 0, 1, 0}, 64, new SplittableRandom(5));
    assertEquals(3, grouped.groups());
    assertEquals(3 * 64, grouped.items().length);
    assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(grouped.items(), 0, 64),
        java.util.Arrays.copyOfRange(grouped.items(), 64, 128)), "groups share one set");
    int[] users = {0, 1, 0, 1, 0};
    int[] groupOfRow = {0, 1, 1, 2, 2};
    for (int b = 0; b < 5; b++) {
      for (int j = 0; j < 64; j++) {
        int item = grouped.items()[groupOfRow[b] * 64 + j];
        assertEquals(item, grouped.item(b, j, 5));
        assertEquals(eight.contains(users[b], item) ? 0f : 1f, grouped.weight(b, j));
      }
    }
    ItemNegatives nb = ItemSamplers.parse("nbpo").bind(ItemSamplerProperties.context(train))
        .draw(new int[] {0}, 10, new SplittableRandom(5));
    for (int j = 0; j < 10; j++) {
      assertEquals(1f - nb.items()[j] / 4f, nb.weight(0, j), 1e-6);
    }
  }

  @Test
  void specsParseBackAndBadOnesSayWhy() {
    for (String s : new String[] {"uniform", "popularity(alpha=0.5)", "dns(candidates=8)", "large-ratio(shared=false)",
        "large-ratio(shared=true)", "large-ratio(shared=true,groups=8)", "nbpo"}) {
      assertEquals(s, ItemSamplers.parse(s).spec());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemSamplers.parse("hardest"))
        .getMessage().contains("known item samplers are [dns, large-ratio, nbpo, popularity, uniform]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemSamplers.parse("popularity(alpha=3)"))
        .getMessage().contains("alpha"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemSamplers.parse("large-ratio(groups=0)"))
        .getMessage().contains("groups"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemSamplers.parse("large-ratio(shared=false,groups=4)"))
        .getMessage().contains("shared=true"));
    assertTrue(assertThrows(IllegalStateException.class,
        () -> ItemSamplers.parse("nbpo").bind(ItemSamplingContext.of(UserItems.of(1, 2, new int[0], new int[0], 0))))
        .getMessage().contains("--model nbpo"));
  }

  @Test
  void aUserHoldingEveryItemIsAnErrorNotALoop() {
    UserItems full = UserItems.of(1, 2, new int[] {0, 0}, new int[] {0, 1}, 2);
    assertThrows(IllegalStateException.class,
        () -> ItemSamplers.parse("uniform").bind(ItemSamplingContext.of(full)).draw(new int[] {0}, 1, new SplittableRandom(1)));
  }
}
