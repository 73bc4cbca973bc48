package dev.foil.index.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.foil.index.data.Query;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolCacheTest {
  @TempDir Path dir;

  private static CandidatePool pool(String q, float x) {
    return new CandidatePool(q, List.of("bm25", "dense"), new int[] {4, 9, 2}, new float[] {0.3f, 0.2f, x},
        new float[][] {{7f, 6f, 5f}, {0.9f, 0.8f, 0.1f}}, new int[][] {{1, 2, 0}, {1, 3, 2}}, new int[] {11},
        new float[][] {{8f}, {0.95f}}, new int[][] {{0}, {1}});
  }

  @Test
  void aBatchIsComputedOnceAndReadBackExactly() throws Exception {
    AtomicInteger computed = new AtomicInteger();
    PoolCache cache = new PoolCache(dir, "sources v1");
    List<Query> qs = List.of(new Query("q1", "first"), new Query("q2", "second"));
    List<int[]> pos = List.of(new int[] {11}, new int[] {3});
    PoolCache.Compute compute = () -> {
      computed.incrementAndGet();
      return List.of(pool("q1", 0.1f), pool("q2", Float.NaN));
    };
    List<CandidatePool> first = cache.get(qs, pos, compute);
    List<CandidatePool> second = cache.get(qs, pos, compute);
    assertEquals(1, computed.get(), "the second call reads the file");
    assertEquals(2, cache.hits());
    assertEquals(2, cache.misses());
    for (int i = 0; i < 2; i++) {
      CandidatePool a = first.get(i);
      CandidatePool b = second.get(i);
      assertEquals(a.queryId(), b.queryId());
      assertEquals(a.sources(), b.sources());
      assertArrayEquals(a.docs(), b.docs());
      assertArrayEquals(a.fused(), b.fused());
      assertArrayEquals(a.scores()[1], b.scores()[1]);
      assertArrayEquals(a.ranks()[0], b.ranks()[0]);
      assertArrayEquals(a.positives(), b.positives());
      assertArrayEquals(a.positiveScores()[1], b.positiveScores()[1]);
      assertArrayEquals(a.positiveRanks()[1], b.positiveRanks()[1]);
    }
  }

  @Test
  void otherQueriesPositivesOrSourcesAreNotReused() throws Exception {
    AtomicInteger computed = new AtomicInteger();
    PoolCache.Compute compute = () -> {
      computed.incrementAndGet();
      return List.of(pool("q1", 0.1f));
    };
    List<Query> qs = List.of(new Query("q1", "first"));
    new PoolCache(dir, "sources v1").get(qs, List.of(new int[] {11}), compute);
    new PoolCache(dir, "sources v1").get(List.of(new Query("q1", "first, edited")), List.of(new int[] {11}), compute);
    new PoolCache(dir, "sources v1").get(qs, List.of(new int[] {12}), compute);
    new PoolCache(dir, "sources v2").get(qs, List.of(new int[] {11}), compute);
    assertEquals(4, computed.get());
    new PoolCache(dir, "sources v1").get(qs, List.of(new int[] {11}), compute);
    assertEquals(4, computed.get(), "a new cache object over the same directory reads what an earlier one stored");
  }
}
