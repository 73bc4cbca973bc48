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

  @Test
  void anExperimentsTrainingStepCallsTheServiceAndItsCommandLineDoesTheSame() throws Exception {
    Path data = tasteGroups(dir.resolve("lightgcn"), 2);
    Path spec = dir.resolve("recsys.yaml");
    Files.writeString(spec, """
        name: tiny-recsys
        task: recsys
        dataset: %s
        samplers: [uniform]
        model: {train: mf-bpr, options: {dim: 8, epochs: 2, batch_size: 32, lr: 0.05}}
        seeds: [3]
        eval: {metrics: [recall@20, ndcg@20]}
        """.formatted(data));
    Path results = dir.resolve("bench");
    var b = foil("bench", spec.toString(), "--out", results.toString(), "--quiet", "--no-report");
    assertEquals(0, b.code(), b.err());
    Path step = results.resolve("steps/train-uniform-seed-3");
    String log = Files.readString(step.resolve("step.log"));
    assertTrue(log.startsWith("$ foil recsys train --data " + data + " --model mf-bpr --sampler uniform --epochs 2"
        + " --batch-size 32 --lr 0.05 --dim 8 --seed 3 --out " + step.resolve("out") + " --k 20 --quiet"), log);
    assertTrue(log.contains("epoch 2: recall@20"), "the service's lines go to the step's log: " + log);
    JsonNode stepJson = new ObjectMapper().readTree(step.resolve("step.json").toFile());
    double stepRecall = new ObjectMapper().readTree(step.resolve("out/metrics.json").toFile())
        .path("metrics").path("recall@20").asDouble();

    // The command the report shows, typed by a user, trains the same model: same metrics to the last digit.
    List<String> args = new java.util.ArrayList<>(List.of(stepJson.path("command").asText()
        .replace(step.resolve("out").toString(), dir.resolve("by-hand").toString()).split(" ")));
    assertEquals("bin/foil", args.remove(0));
    var byHand = foil(args.toArray(String[]::new));
    assertEquals(0, byHand.code(), byHand.err());
    assertEquals(stepRecall, new ObjectMapper().readTree(dir.resolve("by-hand/metrics.json").toFile())
        .path("metrics").path("recall@20").asDouble());
    assertTrue(stepRecall > 0, "the model learned the taste groups: " + stepRecall);
  }

  @Test
  void aSweepChoosesEachGroupsSettingOnValidationThenRunsTheGridWithIt() throws Exception {
    Path data = tasteGroups(dir.resolve("sweep-data"), 4);
    Path spec = dir.resolve("sweep.yaml");
    Files.writeString(spec, """
        name: tiny-sweep
        task: recsys
        dataset: %s
        samplers: [uniform]
        model: {train: mf-bpr, options: {dim: 8, epochs: 2, batch_size: 32, lr: 0.05}}
        seeds: [3]
        eval: {metrics: [recall@20]}
        sweep:
          fraction: 0.25
          seed: 5
          samplers: {popularity: ["popularity(alpha=0.25)", "popularity(alpha=1)"]}
        """.formatted(data));
    Path results = dir.resolve("sweep-bench");
    var b = foil("bench", spec.toString(), "--out", results.toString(), "--quiet");
    assertEquals(0, b.code(), b.err());
    ObjectMapper json = new ObjectMapper();
    JsonNode validation = json.readTree(results.resolve("validation/results.json").toFile());
    JsonNode grid = json.readTree(results.resolve("results.json").toFile());
    // The validation phase trained each candidate with a held-out part of the training interactions.
    String log = Files.readString(results.resolve("validation/steps/train-popularity-alpha-1-seed-3/step.log"));
    assertTrue(log.contains("--validation random:0.25:5"), log);
    double[] v = new double[2];
    for (JsonNode row : validation.path("rows")) {
      int i = row.path("label").asText().equals("popularity(alpha=1)") ? 1 : 0;
      v[i] = row.path("cells").get(0).path("metrics").path("recall@20").asDouble();
    }
    String best = v[1] > v[0] ? "popularity(alpha=1)" : "popularity(alpha=0.25)";
    JsonNode choices = grid.path("validation");
    assertEquals(2, choices.size());
    for (JsonNode c : choices) {
      assertEquals(c.path("sampler").asText().equals(best), c.path("chosen").asBoolean(), c.toString());
      assertEquals(c.path("sampler").asText().equals("popularity(alpha=1)") ? v[1] : v[0], c.path("value").asDouble());
    }
    // The grid holds the fixed sampler and the chosen one, trained on all the training data.
    List<String> rows = new java.util.ArrayList<>();
    grid.path("rows").forEach(row -> rows.add(row.path("label").asText()));
    assertEquals(List.of("uniform", best), rows);
    String gridLog = Files.readString(results.resolve("steps/train-" + dev.foil.eval.experiment.ExperimentPlan.slug(best)
        + "-seed-3/step.log"));
    assertTrue(!gridLog.contains("--validation"), gridLog);
    assertTrue(Files.readString(results.resolve("report.md")).contains("Settings chosen on validation"));
  }

  /** A LightGCN split (train.txt, test.txt: "user item item ...") of 60 users in four taste groups. */
  private static Path tasteGroups(Path data, long seed) throws Exception {
    Files.createDirectories(data);
    StringBuilder train = new StringBuilder();
    StringBuilder test = new StringBuilder();
    SplittableRandom r = new SplittableRandom(seed);
    for (int u = 0; u < 60; u++) {
      train.append(u);
      test.append(u);
      for (int k = 0; k < 8; k++) {
        train.append(' ').append(u % 4 * 20 + k * 2 + r.nextInt(2));
      }
      test.append(' ').append(u % 4 * 20 + 16 + r.nextInt(4)).append('\n');
      train.append('\n');
    }
    Files.writeString(data.resolve("train.txt"), train);
    Files.writeString(data.resolve("test.txt"), test);
    return data;
  }
}
