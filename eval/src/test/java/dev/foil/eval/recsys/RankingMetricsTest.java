package dev.foil.eval.recsys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Metric values worked out by hand. */
class RankingMetricsTest {

  @Test
  void hitsAtRanksOneAndThreeOfThreeTestItems() {
    // Ranked 7, 4, 9, 1, 8; test {1, 7, 12}; K = 4: hits at ranks 1 (7) and 4 (1).
    RankingMetrics.Values v = RankingMetrics.of(new int[] {7, 4, 9, 1, 8}, new int[] {1, 7, 12}, 4);
    assertEquals(2 / 3.0, v.recall(), 1e-12);
    assertEquals(2 / 4.0, v.precision(), 1e-12);
    assertEquals(1.0, v.hitRate(), 1e-12);
    // DCG = 1/log2(2) + 1/log2(5) = 1 + 0.430677; IDCG = 1 + 1/log2(3) + 1/log2(4) = 1 + 0.630930 + 0.5.
    assertEquals((1 + 0.4306765581) / (1 + 0.6309297536 + 0.5), v.ndcg(), 1e-9);
  }

  @Test
  void idealDcgStopsAtTheNumberOfTestItemsAndMissesScoreZero() {
    // One test item found at rank 2 of K = 20: NDCG = (1/log2 3) / 1.
    RankingMetrics.Values v = RankingMetrics.of(new int[] {3, 5, 8}, new int[] {5}, 20);
    assertEquals(0.6309297536, v.ndcg(), 1e-9);
    assertEquals(1.0, v.recall(), 1e-12);
    assertEquals(1 / 20.0, v.precision(), 1e-12);
    RankingMetrics.Values miss = RankingMetrics.of(new int[] {3, 5, 8}, new int[] {9}, 2);
    assertEquals(0, miss.recall());
    assertEquals(0, miss.ndcg());
    assertEquals(0, miss.hitRate());
  }

  @Test
  void onlyTheFirstKRanksCount() {
    RankingMetrics.Values v = RankingMetrics.of(new int[] {1, 2, 3}, new int[] {3}, 2);
    assertEquals(0, v.recall());
    assertThrows(IllegalArgumentException.class, () -> RankingMetrics.of(new int[] {1}, new int[0], 2));
  }
}
