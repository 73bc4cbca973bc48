package dev.foil.index.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PooledCandidateSourceTest {
  /** A source with fixed rankings: scores are 10 - rank; any other document scores -1. */
  record FixedSource(String name, DocIds docIds, int... ranking) implements CandidateSource {
    @Override
    public CandidateList retrieve(Query query, int k) {
      int n = Math.min(k, ranking.length);
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = 10 - i;
      }
      return new CandidateList(query.id(), Arrays.copyOf(ranking, n), s);
    }

    @Override
    public List<CandidateList> retrieveAll(List<Query> queries, int k, int threads, ProgressListener progress) {
      return queries.stream().map(q -> retrieve(q, k)).toList();
    }

    @Override
    public float[] score(Query query, int[] docs) {
      float[] out = new float[docs.length];
      for (int i = 0; i < docs.length; i++) {
        int r = -1;
        for (int j = 0; j < ranking.length; j++) {
          if (ranking[j] == docs[i]) {
            r = j;
          }
        }
        out[i] = r < 0 ? -1 : 10 - r;
      }
      return out;
    }

    @Override
    public void close() {}
  }

  private static final DocIds IDS = DocIds.of("d0", "d1", "d2", "d3", "d4", "d5");
  private static final Query Q = new Query("q", "text");

  @Test
  void reciprocalRankFusionFollowsTheFormula() throws Exception {
    var bm25 = new FixedSource("bm25", IDS, 0, 1, 2, 3);
    var dense = new FixedSource("dense", IDS, 2, 4, 0, 5);
    try (var pooled = new PooledCandidateSource(List.of(bm25, dense), 4, 60)) {
      CandidateList fused = pooled.retrieve(Q, 10);
      // d0: 1/61 + 1/63; d2: 1/63 + 1/61 (tie, id order); d1: 1/62; d4: 1/62; d3: 1/64; d5: 1/64.
      assertArrayEquals(new int[] {0, 2, 1, 4, 3, 5}, fused.docs());
      assertEquals((float) (1.0 / 61 + 1.0 / 63), fused.score(0), 1e-7);
      assertEquals((float) (1.0 / 62), fused.score(2), 1e-7);
      assertEquals(3, pooled.retrieve(Q, 3).size());
    }
  }

  @Test
  void poolsKeepEverySourcesScoreAndRankAndScoreUnretrievedPositives() throws Exception {
    var bm25 = new FixedSource("bm25", IDS, 0, 1, 2, 3);
    var dense = new FixedSource("dense", IDS, 2, 4, 0, 5);
    try (var pooled = new PooledCandidateSource(List.of(bm25, dense), 2, 60)) {
      CandidatePool p = pooled.pools(List.of(Q), List.of(new int[] {3, 4}), 1, ProgressListener.NONE).get(0);
      assertEquals(List.of("bm25", "dense"), p.sources());
      assertArrayEquals(new int[] {0, 2, 1, 4}, p.docs());
      // d1 was retrieved by bm25 only (rank 2); dense's score of it is computed anyway.
      assertEquals(2, p.ranks()[0][2]);
      assertEquals(0, p.ranks()[1][2]);
      assertEquals(-1f, p.scores()[1][2]);
      // Positive d3 is 4th for bm25, beyond depth 2: not retrieved (rank 0), but its score is known.
      assertArrayEquals(new int[] {0, 0}, p.positiveRanks()[0]);
      assertArrayEquals(new int[] {0, 2}, p.positiveRanks()[1]);
      assertArrayEquals(new float[] {7f, -1f}, p.positiveScores()[0]);
      assertArrayEquals(new float[] {-1f, 9f}, p.positiveScores()[1]);
    }
  }

  /** A source whose retrieval first runs {@code before} (a barrier to meet, a failure to raise). */
  record GatedSource(FixedSource inner, Gate before) implements CandidateSource {
    interface Gate {
      void pass() throws Exception;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public DocIds docIds() {
      return inner.docIds();
    }

    @Override
    public CandidateList retrieve(Query query, int k) throws IOException {
      try {
        before.pass();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return inner.retrieve(query, k);
    }

    @Override
    public List<CandidateList> retrieveAll(List<Query> queries, int k, int threads, ProgressListener progress)
        throws IOException {
      List<CandidateList> out = new java.util.ArrayList<>();
      for (Query q : queries) {
        out.add(retrieve(q, k));
      }
      return out;
    }

    @Override
    public float[] score(Query query, int[] docs) {
      return inner.score(query, docs);
    }

    @Override
    public void close() {}
  }

  @Test
  void aSingleQuerysSourcesSearchSideBySideWhenThreadsAllowAndPoolTheSame() throws Exception {
    var bm25 = new FixedSource("bm25", IDS, 0, 1, 2, 3);
    var dense = new FixedSource("dense", IDS, 2, 4, 0, 5);
    // Each source waits for the other at a barrier: searched one after the other, the first times out.
    CyclicBarrier both = new CyclicBarrier(2);
    GatedSource.Gate meet = () -> both.await(20, TimeUnit.SECONDS);
    List<int[]> positives = List.of(new int[] {3, 4});
    try (var sequential = new PooledCandidateSource(List.of(bm25, dense), 2, 60);
        var together = new PooledCandidateSource(
            List.of(new GatedSource(bm25, meet), new GatedSource(dense, meet)), 2, 60)) {
      CandidatePool expected = sequential.pools(List.of(Q), positives, 1, ProgressListener.NONE).get(0);
      CandidatePool p = together.pools(List.of(Q), positives, 2, ProgressListener.NONE).get(0);
      assertArrayEquals(expected.docs(), p.docs());
      assertArrayEquals(expected.fused(), p.fused());
      assertArrayEquals(expected.scores(), p.scores());
      assertArrayEquals(expected.ranks(), p.ranks());
      assertArrayEquals(expected.positiveScores(), p.positiveScores());
      assertArrayEquals(expected.positiveRanks(), p.positiveRanks());
    }
  }

  @Test
  void aFailureOfASourceSearchedBesideTheCallerReachesTheCaller() throws Exception {
    var bm25 = new FixedSource("bm25", IDS, 0, 1, 2, 3);
    var broken = new GatedSource(new FixedSource("dense", IDS, 2, 4), () -> {
      throw new IOException("index file vanished");
    });
    // The last source runs on the caller's thread; the broken one, first, on a helper.
    try (var pooled = new PooledCandidateSource(List.of(broken, bm25), 2, 60)) {
      IOException e = assertThrows(IOException.class,
          () -> pooled.pools(List.of(Q), List.of(new int[0]), 2, ProgressListener.NONE));
      assertEquals("index file vanished", e.getMessage());
    }
  }

  @Test
  void sourcesMustShareTheCorpus() {
    var a = new FixedSource("a", IDS, 0);
    var b = new FixedSource("b", DocIds.of("x", "y"), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PooledCandidateSource(List.of(a, b), 5, 60));
    assertTrue(e.getMessage().contains("same corpus"), e.getMessage());
  }
}
