package dev.foil.cli;

import static dev.foil.cli.FoilCommandLineTest.foil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.synthetic.SyntheticCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** foil encode, dense search on every backend, and BM25 + dense fusion, on a small synthetic collection. */
class DenseCommandLineTest {
  @TempDir static Path dir;
  static Path collection;
  static Path store;
  static Path index;

  @BeforeAll
  static void encodeAndIndex() throws Exception {
    collection = dir.resolve("collection");
    SyntheticCollection.write(new SyntheticCollection.Parameters(5, 3, 30, 4, 0.5, 0.5, 0.1), collection, false);
    store = dir.resolve("store");
    index = dir.resolve("index");
    var encoded = foil("encode", "--corpus", collection.toString(), "--model", "minilm", "--max-length", "48",
        "--out", store.toString(), "--quiet");
    assertEquals(0, encoded.code(), encoded.err());
    assertTrue(encoded.out().contains("0 reused from the store (0.0% hit rate)"), encoded.out());
    assertEquals(0, foil("index", "--corpus", collection.toString(), "--index", index.toString(), "--quiet").code());
  }

  @Test
  void secondEncodeEncodesNothingAndSaysSo() {
    var again = foil("encode", "--corpus", collection.toString(), "--model", "minilm", "--max-length", "48",
        "--out", store.toString(), "--quiet");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().matches("(?s)encoded 0 of (\\d+) texts .*; \\1 reused from the store .*"), again.out());
    assertTrue(again.out().contains("(100.0% hit rate); store unchanged"), again.out());
  }

  @Test
  void everyBackendReturnsTheSameTopHitsOnASmallCorpus() throws Exception {
    String first = null;
    for (String backend : List.of("exact", "faiss", "hnsw")) {
      if (backend.equals("faiss") && !dev.foil.index.vector.faiss.FaissIndex.available()) {
        dev.foil.index.vector.FaissRequirement.require();
      }
      Path run = dir.resolve("run-" + backend + ".trec");
      var o = foil("search", "--dense", store.toString(), "--backend", backend, "--queries",
          collection.resolve("queries.jsonl").toString(), "--split", "test", "--k", "5", "--out", run.toString(), "--quiet");
      assertEquals(0, o.code(), o.err());
      String ids = String.join(",", Files.readAllLines(run).stream().map(l -> l.split(" ")[2]).toList());
      if (first == null) {
        first = ids;
      } else {
        assertEquals(first, ids, backend + " differs from exact");
      }
    }
  }

  @Test
  void fusionNeedsBothSourcesAndWritesAnRrfRun() throws Exception {
    Path run = dir.resolve("rrf.trec");
    var o = foil("search", "--index", index.toString(), "--dense", store.toString(), "--sources", "bm25,dense",
        "--fusion", "rrf", "--backend", "exact", "--queries", collection.resolve("queries.jsonl").toString(),
        "--split", "test", "--k", "20", "--out", run.toString(), "--quiet");
    assertEquals(0, o.code(), o.err());
    String[] line = Files.readAllLines(run).get(0).split(" ");
    assertEquals("foil-rrf", line[5]);
    assertTrue(Double.parseDouble(line[4]) <= 2.0 / 61 + 1e-6, "an RRF score of two sources is at most 2/61");

    var noFusion = foil("search", "--index", index.toString(), "--dense", store.toString(), "--queries",
        collection.resolve("queries.jsonl").toString(), "--out", dir.resolve("x.trec").toString(), "--quiet");
    assertEquals(2, noFusion.code());
    assertTrue(noFusion.err().contains("--fusion rrf"), noFusion.err());
    var missingStore = foil("search", "--sources", "dense", "--queries", collection.resolve("queries.jsonl").toString(),
        "--out", dir.resolve("y.trec").toString());
    assertEquals(2, missingStore.code());
    var badBackend = foil("search", "--dense", store.toString(), "--backend", "annoy", "--queries",
        collection.resolve("queries.jsonl").toString(), "--out", dir.resolve("z.trec").toString(), "--quiet");
    assertEquals(2, badBackend.code());
    assertTrue(badBackend.err().contains("use faiss, hnsw or exact"), badBackend.err());
  }
}
