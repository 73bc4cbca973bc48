package dev.foil.cli;

import static dev.foil.cli.FoilCommandLineTest.foil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** foil recsys train / eval on a small CSV log with planted taste groups. */
class RecsysCommandLineTest {
  @TempDir static Path dir;
  static Path csv;

  @BeforeAll
  static void prepare() throws Exception {
    StringBuilder sb = new StringBuilder("user,item,timestamp\n");
    SplittableRandom r = new SplittableRandom(1);
    for (int u = 0; u < 60; u++) {
      int g = u % 4;
      for (int k = 0; k < 10; k++) {
        sb.append("user").append(u).append(",movie").append(g * 20 + r.nextInt(20)).append(',').append(k).append('\n');
      }
    }
    csv = dir.resolve("log.csv");
    Files.writeString(csv, sb);
  }

  @Test
  void trainsWithProgressLogsAndCheckpointsThenEvaluatesTheSavedModel() throws Exception {
    Path out = dir.resolve("bpr");
    var t = foil("recsys", "train", "--data", csv.toString(), "--model", "mf-bpr", "--dim", "8", "--epochs", "3",
        "--batch-size", "32", "--lr", "0.05", "--out", out.toString(), "--quiet");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("epoch 3: recall@20"), t.out());
    List<String> log = Files.readAllLines(out.resolve("log.jsonl"));
    assertEquals(3, log.stream().filter(l -> l.contains("\"type\":\"eval\"")).count(), "one evaluation per epoch");
    assertTrue(log.stream().anyMatch(l -> l.contains("\"examples_per_s\"")), "interactions per second logged");
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    double recall = metrics.path("metrics").path("recall@20").asDouble();
    assertFalse(Files.exists(out.resolve("checkpoint")), "the checkpoint is removed after a finished run");
    var e = foil("recsys", "eval", "--data", csv.toString(), "--model", out.resolve("model").toString(), "--k", "10,20", "--quiet");
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains(String.format(java.util.Locale.ROOT, "recall@20 %.4f", recall)), e.out() + " vs " + recall);
    assertTrue(e.out().contains("ndcg@10"), e.out());
  }

  @Test
  void simplexAndNbpoRunWithTheirDefaultSamplers() throws Exception {
    var s = foil("recsys", "train", "--data", csv.toString(), "--model", "simplex", "--dim", "8", "--negatives", "16",
        "--epochs", "1", "--batch-size", "64", "--out", dir.resolve("sx").toString(), "--quiet");
    assertEquals(0, s.code(), s.err());
    assertTrue(Files.readString(dir.resolve("sx/metrics.json")).contains("large-ratio(shared=true)"));
    var n = foil("recsys", "train", "--data", csv.toString(), "--model", "nbpo", "--dim", "8", "--negatives", "2",
        "--epochs", "1", "--out", dir.resolve("nbpo").toString(), "--quiet");
    assertEquals(0, n.code(), n.err());
    assertTrue(Files.readString(dir.resolve("nbpo/metrics.json")).contains("\"sampler\" : \"nbpo\""));
  }

  @Test
  void badInputAndBadSpecsExitWithTwo() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "a,b\nonly-one-field\n");
    var b = foil("recsys", "train", "--data", bad.toString(), "--out", dir.resolve("x").toString(), "--quiet");
    assertEquals(2, b.code());
    assertTrue(b.err().contains("bad.csv:2"), b.err());
    var s = foil("recsys", "train", "--data", csv.toString(), "--sampler", "popularity(beta=1)", "--out",
        dir.resolve("y").toString(), "--quiet");
    assertEquals(2, s.code());
    assertTrue(s.err().contains("unknown parameter beta"), s.err());
    var m = foil("recsys", "eval", "--data", csv.toString(), "--model", dir.toString(), "--quiet");
    assertEquals(2, m.code());
    assertTrue(m.err().contains("not a recommendation model"), m.err());
  }
}
