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
}
