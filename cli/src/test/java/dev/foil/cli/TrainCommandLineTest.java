package dev.foil.cli;

import static dev.foil.cli.FoilCommandLineTest.foil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.synthetic.SyntheticCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * foil train (bi-encoder with re-mining, reranker, fn-adapter, cet), foil rerank and mining with the
 * learned models, on a small synthetic collection with tiny settings (CPU, short texts, a few steps).
 */
class TrainCommandLineTest {
  @TempDir static Path dir;
  static Path collection;
  static Path store;
  static Path index;
  static Path mined;

  @BeforeAll
  static void prepare() throws Exception {
    collection = dir.resolve("collection");
    SyntheticCollection.write(new SyntheticCollection.Parameters(9, 3, 40, 4, 0.5, 0.5, 0.1), collection, false);
    store = dir.resolve("store");
    index = dir.resolve("index");
    assertEquals(0, foil("encode", "--corpus", collection.toString(), "--model", "minilm", "--max-length", "32",
        "--out", store.toString(), "--quiet").code());
    assertEquals(0, foil("index", "--corpus", collection.toString(), "--index", index.toString(), "--quiet").code());
    mined = dir.resolve("train.ids.jsonl");
    var m = foil("mine", "--queries", queries(), "--split", "train", "--index", index.toString(), "--dense",
        store.toString(), "--sampler", "top-k", "--negatives", "4", "--format", "ids", "--out", mined.toString(), "--quiet");
    assertEquals(0, m.code(), m.err());
  }

  static String queries() {
    return collection.resolve("queries.jsonl").toString();
  }

  @Test
  void biEncoderTrainsQuerySideWithReminingAndServesQueriesAgainstTheSameStore() throws Exception {
    Path model = dir.resolve("bi");
    var o = foil("train", "bi-encoder", "--train", mined.toString(), "--data", collection.toString(), "--store",
        store.toString(), "--index", index.toString(), "--refresh-every", "2", "--mine-n", "4", "--epochs", "2",
        "--batch-size", "2", "--query-max-length", "16", "--eval-split", "test", "--out", model.toString(), "--quiet");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("ndcg_cut.10"), o.out());
    List<String> log = Files.readAllLines(model.resolve("log.jsonl"));
    assertTrue(log.stream().anyMatch(l -> l.contains("\"type\":\"refresh\"")), "re-mining logged");
    assertEquals(3, log.stream().filter(l -> l.contains("\"type\":\"eval\"")).count(), "before training and per epoch");
    Path run = dir.resolve("bi.trec");
    var s = foil("search", "--dense", store.toString(), "--query-model", model.toString(), "--backend", "exact",
        "--queries", queries(), "--split", "test", "--k", "10", "--out", run.toString(), "--quiet");
    assertEquals(0, s.code(), s.err());
    assertTrue(Files.size(run) > 0);
  }

  @Test
  void biEncoderTrainsWithAFilteredQueueAndTheDualLoss() throws Exception {
    Path model = dir.resolve("bi-queue");
    var o = foil("train", "bi-encoder", "--train", mined.toString(), "--data", collection.toString(), "--store",
        store.toString(), "--queue", "16", "--queue-filter", "hardest(h=8,margin=0.05)", "--loss", "dual", "--epochs",
        "1", "--batch-size", "2", "--query-max-length", "16", "--out", model.toString(), "--quiet");
    assertEquals(0, o.code(), o.err());
    List<String> log = Files.readAllLines(model.resolve("log.jsonl"));
    long steps = log.stream().filter(l -> l.contains("\"type\":\"step\"")).count();
    assertEquals(steps, log.stream().filter(l -> l.contains("\"type\":\"queue\"")).count(), "one queue line per step");
    var bad = foil("train", "bi-encoder", "--train", mined.toString(), "--store", store.toString(), "--queue", "16",
        "--queue-filter", "nearest(5)", "--out", dir.resolve("never-queue").toString(), "--quiet");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("unknown queue filter \"nearest\"") && bad.err().contains("[all, hardest]"), bad.err());
    var loss = foil("train", "bi-encoder", "--train", mined.toString(), "--store", store.toString(), "--loss", "triplet",
        "--out", dir.resolve("never-loss").toString(), "--quiet");
    assertEquals(2, loss.code(), loss.err());
    assertTrue(loss.err().contains("unknown loss \"triplet\""), loss.err());
  }

  @Test
  void rerankerTrainsAndRerunsARun() throws Exception {
    Path model = dir.resolve("rr");
    var o = foil("train", "reranker", "--train", mined.toString(), "--data", collection.toString(), "--negatives", "2",
        "--groups-per-step", "2", "--epochs", "1", "--max-length", "32", "--out", model.toString(), "--quiet");
    assertEquals(0, o.code(), o.err());
    Path first = dir.resolve("bm25.trec");
    assertEquals(0, foil("search", "--index", index.toString(), "--queries", queries(), "--split", "test", "--k", "20",
        "--out", first.toString(), "--quiet").code());
    Path reranked = dir.resolve("rr.trec");
    var r = foil("rerank", "--run", first.toString(), "--model", model.toString(), "--data", collection.toString(),
        "--k", "5", "--out", reranked.toString(), "--quiet");
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(reranked);
    long queries = lines.stream().map(l -> l.split(" ")[0]).distinct().count();
    assertEquals(5 * queries, lines.size(), "exactly the top 5 per query");
  }

  @Test
  void learnedAdapterAndCetPlugIntoMining() throws Exception {
    Path fn = dir.resolve("fn");
    var a = foil("train", "fn-adapter", "--train", mined.toString(), "--data", collection.toString(), "--store",
        store.toString(), "--epochs", "3", "--batch-size", "64", "--lr", "1e-3", "--eval-split", "test",
        "--out", fn.toString(), "--quiet");
    assertEquals(0, a.code(), a.err());
    assertTrue(a.out().contains("learned adapter") && a.out().contains("teacher margin"), a.out());
    Path cet = dir.resolve("cet");
    var c = foil("train", "cet", "--queries", queries(), "--split", "train", "--index", index.toString(), "--dense",
        store.toString(), "--depth", "30", "--out", cet.toString(), "--quiet");
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().contains("P(judged)"), c.out());

    Path out = dir.resolve("mined-learned.jsonl");
    var m = foil("mine", "--queries", queries(), "--split", "train", "--index", index.toString(), "--dense",
        store.toString(), "--sampler", "top-k", "--negatives", "4", "--fn-adapter", "fn-reweight", "--fn-teacher", fn.toString(),
        "--cet", cet.toString(), "--format", "ids", "--out", out.toString(), "--quiet");
    assertEquals(0, m.code(), m.err());
    // Re-weighted negatives carry weights below 1 where the adapter suspects a false negative.
    boolean reweighted = false;
    for (String line : Files.readAllLines(out)) {
      for (var n : new ObjectMapper().readTree(line).get("negatives")) {
        reweighted |= n.get("weight").asDouble() != 1.0;
      }
    }
    assertTrue(reweighted, "some negative weight differs from 1");

    // The adapter as the bi-encoder queue's teacher: at threshold 0 it leaves out every entry it rates above 0.
    Path bi = dir.resolve("bi-teacher");
    var t = foil("train", "bi-encoder", "--train", mined.toString(), "--data", collection.toString(), "--store",
        store.toString(), "--queue", "16", "--queue-teacher", fn.toString(), "--queue-teacher-threshold", "0",
        "--epochs", "1", "--batch-size", "2", "--query-max-length", "16", "--out", bi.toString(), "--quiet");
    assertEquals(0, t.code(), t.err());
    long byTeacher = 0;
    for (String line : Files.readAllLines(bi.resolve("log.jsonl"))) {
      var e = new ObjectMapper().readTree(line);
      byTeacher += e.get("type").asText().equals("queue") ? e.get("dropped_by_teacher").asLong() : 0;
    }
    assertTrue(byTeacher > 0, "the teacher left queue entries out");
    var lonely = foil("train", "bi-encoder", "--train", mined.toString(), "--store", store.toString(), "--queue-teacher",
        fn.toString(), "--out", dir.resolve("never-teacher").toString(), "--quiet");
    assertEquals(2, lonely.code(), lonely.err());
    assertTrue(lonely.err().contains("--queue-teacher needs a queue"), lonely.err());
  }

  @Test
  void badTrainingFileIsReportedWithFileLineAndField() throws Exception {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"query\": \"q\", \"pos\": [\"p\"], \"neg\": []}\n{\"query\": 3, \"pos\": [\"p\"]}\n");
    var o = foil("train", "reranker", "--train", bad.toString(), "--out", dir.resolve("never").toString(), "--quiet");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("bad.jsonl:2") && o.err().contains("query"), o.err());
    assertTrue(!Files.exists(dir.resolve("never").resolve("foil-model.json")));
  }
}
