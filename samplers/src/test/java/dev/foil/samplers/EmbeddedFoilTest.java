package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Query;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.index.synthetic.SyntheticIndex;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedFoilTest {
  @TempDir Path dir;

  /** A small synthetic collection and its BM25 index under {@code dir/<name>}; returns the collection. */
  private Path indexedCollection(String name) throws Exception {
    return SyntheticIndex.write(dir.resolve(name), new SyntheticCollection.Parameters(3, 4, 60, 6, 0.5, 0.5, 0.1));
  }

  private static List<Query> judged(Path c, Qrels qrels) throws Exception {
    return QueriesReader.read(c.resolve("queries.jsonl")).stream().filter(q -> qrels.queryIds().contains(q.id())).toList();
  }

  @Test
  void negativesOnDemandAreSafeToShareAndCached() throws Exception {
    Path c = indexedCollection("c");
    Qrels qrels = QrelsReader.read(c.resolve("qrels/train.tsv"));
    List<Query> queries = judged(c, qrels);
    try (Bm25Index bm25 = Bm25Index.open(c.resolve("index"));
        Foil foil = Foil.builder().source(bm25).sampler("simans(a=0.5,b=0)").texts(TextLookup.of(bm25)).depth(50).build()) {
      List<List<Negative>> sequential = new ArrayList<>();
      for (Query q : queries) {
        List<String> pos = List.copyOf(qrels.judgments(q.id()).keySet());
        List<Negative> negs = foil.negatives(q, pos, 8);
        assertEquals(8, negs.size());
        for (Negative n : negs) {
          assertFalse(pos.contains(foil.docIds().id(n.doc())));
        }
        sequential.add(negs);
      }
      assertEquals(queries.size(), foil.stats().candidates().missCount());
      ExecutorService ex = Executors.newFixedThreadPool(4);
      List<Future<List<Negative>>> parallel = new ArrayList<>();
      for (Query q : queries) {
        parallel.add(ex.submit(() -> foil.negatives(q, List.copyOf(qrels.judgments(q.id()).keySet()), 8)));
      }
      for (int i = 0; i < queries.size(); i++) {
        assertEquals(sequential.get(i), parallel.get(i).get());
      }
      ex.shutdown();
      assertEquals(queries.size(), foil.stats().candidates().hitCount());
      assertThrows(IllegalArgumentException.class, () -> foil.negatives(queries.get(0), List.of("no-such-doc"), 3));
    }
  }

  @Test
  void closingAnInstanceLeavesTheCallersSourcesOpenForOthers() throws Exception {
    Path c = indexedCollection("c2");
    Qrels qrels = QrelsReader.read(c.resolve("qrels/train.tsv"));
    Query q = judged(c, qrels).get(0);
    List<String> pos = List.copyOf(qrels.judgments(q.id()).keySet());
    try (Bm25Index bm25 = Bm25Index.open(c.resolve("index"))) {
      Foil first = Foil.builder().source(bm25).sampler("top-k").keepTextDuplicates().build();
      Foil second = Foil.builder().source(bm25).sampler("random").keepTextDuplicates().build();
      List<Negative> before = second.negatives(q, pos, 5);
      first.negatives(q, pos, 5);
      first.close();
      assertEquals(before, second.negatives(q, pos, 5), "another instance on the same index still works");
      assertEquals(5, bm25.retrieve(q, 5).size(), "the index itself is still open");
      assertThrows(IllegalStateException.class, () -> first.negatives(q, pos, 5));
      int available = bm25.docIds().size() - pos.size();
      List<Negative> all = second.negatives(q, pos, Integer.MAX_VALUE);
      assertTrue(all.size() <= available && all.size() > available / 2,
          "a huge n is a shortfall bounded by the corpus, not an allocation of n: " + all.size());
      try (Foil third = Foil.builder().source(bm25).sampler("top-k").keepTextDuplicates().build()) {
        assertEquals(5, third.negatives(q, pos, 5).size(), "a replacement built on the same index works");
      }
      second.close();
    }
  }

  /** A BM25 source that counts its calls and how many run at once, each held for a few milliseconds. */
  private static final class Watched implements dev.foil.index.CandidateSource {
    final Bm25Index inner;
    final String name;
    final java.util.concurrent.atomic.AtomicInteger running;
    final java.util.concurrent.atomic.AtomicInteger most;
    final java.util.concurrent.atomic.AtomicInteger scores = new java.util.concurrent.atomic.AtomicInteger();

    Watched(Bm25Index inner) {
      this(inner, inner.name(), new java.util.concurrent.atomic.AtomicInteger(),
          new java.util.concurrent.atomic.AtomicInteger());
    }

    /** A source named {@code name} counting, in {@code running} and {@code most}, with the others given them. */
    Watched(Bm25Index inner, String name, java.util.concurrent.atomic.AtomicInteger running,
        java.util.concurrent.atomic.AtomicInteger most) {
      this.inner = inner;
      this.name = name;
      this.running = running;
      this.most = most;
    }

    private <T> T watched(java.util.concurrent.Callable<T> work) throws java.io.IOException {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(15);
        return work.call();
      } catch (java.io.IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public dev.foil.index.DocIds docIds() {
      return inner.docIds();
    }

    @Override
    public dev.foil.index.CandidateList retrieve(Query query, int k) throws java.io.IOException {
      return watched(() -> inner.retrieve(query, k));
    }

    @Override
    public List<dev.foil.index.CandidateList> retrieveAll(List<Query> queries, int k, int threads,
        dev.foil.index.ProgressListener progress) throws java.io.IOException {
      return watched(() -> inner.retrieveAll(queries, k, threads, progress));
    }

    @Override
    public float[] score(Query query, int[] docs) throws java.io.IOException {
      scores.incrementAndGet();
      return inner.score(query, docs);
    }

    @Override
    public void close() {}
  }

  /** At most maxConcurrentCalls calls compute at once; the others wait their turn and get the same answers. */
  @Test
  void callsBeyondTheLimitWaitTheirTurn() throws Exception {
    Path c = indexedCollection("c3");
    Qrels qrels = QrelsReader.read(c.resolve("qrels/train.tsv"));
    List<Query> queries = judged(c, qrels);
    try (Bm25Index bm25 = Bm25Index.open(c.resolve("index"))) {
      for (int limit : new int[] {2, 8}) {
        Watched source = new Watched(bm25);
        try (Foil foil = Foil.builder().source(source).texts(TextLookup.of(bm25)).maxConcurrentCalls(limit).build()) {
          ExecutorService ex = Executors.newFixedThreadPool(8);
          List<Future<List<Negative>>> calls = new ArrayList<>();
          for (Query q : queries) {
            calls.add(ex.submit(() -> foil.negatives(q, List.copyOf(qrels.judgments(q.id()).keySet()), 4)));
          }
          for (Future<List<Negative>> f : calls) {
            assertEquals(4, f.get().size());
          }
          ex.shutdown();
        }
        if (limit == 2) {
          assertTrue(source.most.get() <= 2, "at most 2 calls at once, saw " + source.most.get());
        } else {
          assertTrue(source.most.get() > 2, "8 callers with a limit of 8 overlap: " + source.most.get());
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Foil.builder().maxConcurrentCalls(0));
  }

  /**
   * A new query's sources search it side by side while a turn is free for the helper, and one after the
   * other when none is; the negatives are the same either way.
   */
  @Test
  void aNewQuerysSourcesSearchSideBySideWhileATurnIsFree() throws Exception {
    Path c = indexedCollection("c5");
    Qrels qrels = QrelsReader.read(c.resolve("qrels/train.tsv"));
    List<Query> queries = judged(c, qrels);
    List<List<List<Negative>>> byLimit = new ArrayList<>();
    try (Bm25Index bm25 = Bm25Index.open(c.resolve("index"))) {
      for (int limit : new int[] {1, 2}) {
        var running = new java.util.concurrent.atomic.AtomicInteger();
        var most = new java.util.concurrent.atomic.AtomicInteger();
        try (Foil foil = Foil.builder().source(new Watched(bm25, "bm25-a", running, most))
            .source(new Watched(bm25, "bm25-b", running, most)).texts(TextLookup.of(bm25))
            .maxConcurrentCalls(limit).build()) {
          List<List<Negative>> negatives = new ArrayList<>();
          for (Query q : queries) {
            negatives.add(foil.negatives(q, List.copyOf(qrels.judgments(q.id()).keySet()), 5));
          }
          byLimit.add(negatives);
        }
        // Each search is held 15 ms: over all the queries, side by side searches overlap at least once.
        assertEquals(limit, most.get(), "sources searching at once with " + limit + " turn(s)");
      }
    }
    assertEquals(byLimit.get(0), byLimit.get(1));
  }

  /** A repeated query with the same positives scores them once; other positives are scored anew. */
  @Test
  void thePositivesScoresAreKeptWithThePool() throws Exception {
    Path c = indexedCollection("c4");
    Qrels qrels = QrelsReader.read(c.resolve("qrels/train.tsv"));
    Query q = judged(c, qrels).get(0);
    List<String> pos = List.copyOf(qrels.judgments(q.id()).keySet());
    try (Bm25Index bm25 = Bm25Index.open(c.resolve("index"))) {
      Watched source = new Watched(bm25);
      try (Foil foil = Foil.builder().source(source).texts(TextLookup.of(bm25)).build();
           Foil uncached = Foil.builder().source(bm25).texts(TextLookup.of(bm25)).build()) {
        List<Negative> first = foil.negatives(q, pos, 6);
        int scored = source.scores.get();
        assertEquals(first, foil.negatives(q, pos, 6));
        assertEquals(scored, source.scores.get(), "the same positives: their scores were kept");
        String other = bm25.docIds().id(first.get(0).doc());
        List<Negative> withOther = foil.negatives(q, List.of(other), 6);
        assertTrue(source.scores.get() > scored, "other positives are scored");
        assertEquals(uncached.negatives(q, List.of(other), 6), withOther, "and give what a fresh instance gives");
      }
    }
  }
}
