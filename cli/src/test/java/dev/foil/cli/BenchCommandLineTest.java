package dev.foil.cli;

import static dev.foil.cli.FoilCommandLineTest.foil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** foil bench SPEC, foil report and foil regress on small synthetic collections. */
class BenchCommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path results;
  static FoilCommandLineTest.Outcome first;

  static final String SPEC = """
      name: small
      synthetic: {seed: 3, topics: 4, queries_per_topic: 5}
      first_stage: [bm25]
      mining: {split: train, depth: 50, n: 5}
      samplers: [random, top-k]
      seeds: [1, 2]
      eval: {split: test, metrics: [ndcg@10, recall@100]}
      """;

  @BeforeAll
  static void runOnce() throws Exception {
    Files.writeString(dir.resolve("spec.yaml"), SPEC);
    results = dir.resolve("results");
    first = foil("bench", dir.resolve("spec.yaml").toString(), "--out", results.toString(), "--quiet");
  }

  @Test
  void benchRunsTheGridThenReusesEveryStepAndRerunsOnlyWhatChanged() throws Exception {
    // generate, index, first-stage bm25, 2 samplers × 2 seeds of mining
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("small: 7 steps run, 0 reused"), first.out());
    assertTrue(Files.readString(results.resolve("steps/mine-random-seed-1/step.log")).contains("0 queries read from"),
        "the first mining step computes the candidate pools");
    assertTrue(Files.readString(results.resolve("steps/mine-top-k-seed-2/step.log")).matches("(?s).* [1-9]\\d* queries read from .* 0 computed.*"),
        "later mining steps read them from the pool cache");
    var again = foil("bench", dir.resolve("spec.yaml").toString(), "--out", results.toString(), "--quiet");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 steps run, 7 reused"), again.out());

    Path copy = dir.resolve("copy");
    foil("bench", dir.resolve("spec.yaml").toString(), "--out", copy.toString(), "--quiet");
    Path wider = dir.resolve("wider.yaml");
    Files.writeString(wider, SPEC.replace("[random, top-k]", "[random, top-k, \"window(5,30)\"]"));
    var added = foil("bench", wider.toString(), "--out", copy.toString(), "--quiet");
    assertEquals(0, added.code(), added.err());
    assertTrue(added.out().contains("2 steps run, 7 reused"), "only the new sampler's two seeds: " + added.out());
    Files.writeString(wider, SPEC.replace("n: 5", "n: 6"));
    var changed = foil("bench", wider.toString(), "--out", copy.toString(), "--quiet");
    assertTrue(changed.out().contains("4 steps run, 3 reused"), "every mining step, nothing upstream: " + changed.out());
  }

  @Test
  void benchNumbersMatchTheIndividualCommands() throws Exception {
    assertEquals(0, first.code(), first.err());
    JsonNode r = JSON.readTree(results.resolve("results.json").toFile());
    Path collection = Path.of(r.path("dataset").asText());
    Path index = results.resolve("steps/index/index");
    Path mined = dir.resolve("alone.jsonl");
    var mine = foil("mine", "--queries", collection.resolve("queries.jsonl").toString(), "--split", "train", "--index",
        index.toString(), "--depth", "50", "--sampler", "top-k", "--negatives", "5", "--seed", "2", "--format", "ids", "--out",
        mined.toString(), "--quiet");
    assertEquals(0, mine.code(), mine.err());
    JsonNode manifest = JSON.readTree(dir.resolve("alone.jsonl.manifest.json").toFile());
    JsonNode topK = row(r, "top-k");
    JsonNode cell = topK.path("cells").get(1);
    assertEquals(2, cell.path("seed").asLong());
    assertEquals(manifest.path("false_negative_rate").asDouble(), cell.path("diagnostics").path("false_negative_rate").asDouble());
    assertEquals(manifest.path("counts").path("gap").path("mean").asDouble(),
        cell.path("diagnostics").path("mean_gap").asDouble(), 1e-12);
    assertEquals(Files.readString(results.resolve("steps/mine-top-k-seed-2/mined.jsonl")), Files.readString(mined),
        "the bench's mining step (its pools from the cache) writes what `foil mine` alone writes");

    Path run = dir.resolve("alone.trec");
    assertEquals(0, foil("search", "--queries", collection.resolve("queries.jsonl").toString(), "--split", "test",
        "--index", index.toString(), "--k", "1000", "--out", run.toString(), "--quiet").code());
    var eval = foil("evaluate", "--qrels", collection.resolve("qrels/test.tsv").toString(), "--run", run.toString(),
        "--metrics", "ndcg@10");
    double ndcg = Double.parseDouble(eval.out().lines().filter(l -> l.startsWith("ndcg@10")).findFirst().orElseThrow()
        .split("\t")[2]);
    assertEquals(ndcg, row(r, "bm25").path("cells").get(0).path("metrics").path("ndcg@10").asDouble(), 5e-5,
        "foil evaluate prints four decimals");
  }

  @Test
  void reportEmbedsEveryChartAndMarksTheBestValues() throws Exception {
    assertEquals(0, first.code(), first.err());
    assertEquals(0, foil("report", results.toString()).code());
    String html = Files.readString(results.resolve("report.html"));
    List<Path> charts;
    try (Stream<Path> s = Files.list(results.resolve("charts"))) {
      charts = s.toList();
    }
    // one per metric (2), false-negative rate, hardness, score gaps, one score chart per sampler (2)
    assertEquals(7, charts.size(), charts.toString());
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    List<BufferedImage> images = new ArrayList<>();
    while (m.find()) {
      images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
    }
    assertEquals(charts.size(), images.size(), "every chart is embedded in the HTML");
    for (BufferedImage i : images) {
      assertNotNull(i, "embedded data decodes as a PNG");
      assertEquals(900, i.getWidth());
    }
    assertTrue(!html.contains("src=\"charts/") && !html.contains("http"), "the HTML needs no other file or network");
    String md = Files.readString(results.resolve("report.md"));
    Matcher link = Pattern.compile("\\]\\((charts/[^)]+)\\)").matcher(md);
    int links = 0;
    while (link.find()) {
      links++;
      assertTrue(Files.isRegularFile(results.resolve(link.group(1))), link.group(1));
    }
    assertEquals(charts.size(), links);

    // the lowest false-negative rate is the one marked best, in both formats
    JsonNode r = JSON.readTree(results.resolve("results.json").toFile());
    String best = fnr(row(r, "random")) <= fnr(row(r, "top-k")) ? "random" : "top-k";
    String bold = md.lines().filter(l -> l.startsWith("| `random`") || l.startsWith("| `top-k`"))
        .filter(l -> l.contains("**")).findFirst().orElseThrow();
    assertTrue(bold.startsWith("| `" + best + "`"), bold);
    assertTrue(md.contains("bin/foil mine --queries"), "the exact commands are listed");
    assertTrue(html.contains("sha256") || html.contains("SHA-256"), "input hashes are listed");
  }

  @Test
  void regressFailsWhenAnExpectedValueIsAlteredAndPassesWhenRestored() throws Exception {
    Path shipped = Path.of("").toAbsolutePath().getParent().resolve("regressions/synthetic-samplers.yaml");
    String text = Files.readString(shipped);
    Path file = dir.resolve("synthetic-samplers.yaml");
    Files.writeString(file, text);
    Path work = dir.resolve("regress-work");
    var ok = foil("regress", file.toString(), "--out", work.toString(), "--quiet");
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("all regressions passed"), ok.out());

    Matcher v = Pattern.compile("row: \"top-k\", metric: false_negative_rate, value: ([0-9.]+)").matcher(text);
    assertTrue(v.find(), "the shipped regression pins top-k's false-negative rate");
    double altered = Double.parseDouble(v.group(1)) + 0.01;
    Files.writeString(file, text.replace(v.group(0), v.group(0).replace(v.group(1), Double.toString(altered))));
    var drift = foil("regress", file.toString(), "--out", work.toString(), "--quiet");
    assertEquals(1, drift.code(), drift.out());
    assertTrue(drift.out().lines().anyMatch(l -> l.contains("FAIL") && l.contains("top-k") && l.contains("false_negative_rate")),
        drift.out());

    Files.writeString(file, text);
    assertEquals(0, foil("regress", file.toString(), "--out", work.toString(), "--quiet").code());
  }

  @Test
  void badSpecsAndBadStepsAreReportedWithExitCode2() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, SPEC.replace("seeds: [1, 2]", "seeds: [1, 2]\nseedz: 3"));
    var unknown = foil("bench", spec.toString(), "--out", dir.resolve("bad").toString(), "--quiet");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("bad.yaml:7: field `seedz`: unknown setting"), unknown.err());

    Files.writeString(spec, SPEC.replace("seeds: [1, 2]", "seeds: [1, 1]"));
    var twice = foil("bench", spec.toString(), "--out", dir.resolve("bad").toString(), "--quiet");
    assertEquals(2, twice.code());
    assertTrue(twice.err().contains("repeats a seed"), twice.err());

    Files.writeString(spec, SPEC.replace("[random, top-k]", "[random, \"window(50,5)\"]"));
    var sampler = foil("bench", spec.toString(), "--out", dir.resolve("bad").toString(), "--quiet");
    assertEquals(2, sampler.code());
    assertTrue(sampler.err().contains("samplers[1]: "), "checked before anything runs: " + sampler.err());
    assertTrue(!Files.exists(dir.resolve("bad/steps")), "nothing ran");

    Files.writeString(spec, SPEC.replace("seeds: [1, 2]", "seeds: [1, 2]\nmodel: {train: bi-encoder, options: {epoch: 2}}"));
    var typo = foil("bench", spec.toString(), "--out", dir.resolve("typo").toString(), "--quiet");
    assertEquals(2, typo.code(), typo.err());
    assertTrue(typo.err().contains("model.options.epoch: not an option of foil train bi-encoder"), typo.err());
    assertTrue(!Files.exists(dir.resolve("typo/steps")), "checked before anything runs");

    Files.writeString(spec, SPEC.replace("split: train", "split: dev"));
    var step = foil("bench", spec.toString(), "--out", dir.resolve("bad").toString(), "--quiet");
    assertEquals(2, step.code(), step.err());
    assertTrue(step.err().contains("step mine-random-seed-1 failed"), step.err());
    assertTrue(step.err().contains("bin/foil mine"), "the failing command is shown: " + step.err());
  }

  @Test
  void bm25ScifactRegressionPasses() throws Exception {
    Path repo = Path.of("").toAbsolutePath().getParent();
    Path scifact = repo.resolve("../shared/data/scifact").normalize();
    if (!Files.isDirectory(scifact)) {
      String msg = "SKIPPED: real data not found at " + scifact + " (clone beside ../shared to run this test)";
      System.out.println(msg);
      Assumptions.abort(msg);
    }
    var o = foil("regress", repo.resolve("regressions/bm25-scifact.yaml").toString(), "--out",
        dir.resolve("bm25").toString(), "--quiet");
    assertEquals(0, o.code(), o.out() + o.err());
    assertTrue(o.out().contains("ok     bm25"), o.out());
  }

  private static JsonNode row(JsonNode results, String label) {
    for (JsonNode r : results.path("rows")) {
      if (r.path("label").asText().equals(label)) {
        return r;
      }
    }
    throw new AssertionError("no row " + label);
  }

  private static double fnr(JsonNode row) {
    double s = 0;
    for (JsonNode c : row.path("cells")) {
      s += c.path("diagnostics").path("false_negative_rate").asDouble();
    }
    return s / row.path("cells").size();
  }
}
