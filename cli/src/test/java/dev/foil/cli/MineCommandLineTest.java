package dev.foil.cli;

import static dev.foil.cli.FoilCommandLineTest.foil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.samplers.mining.MiningRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** foil mine: determinism across threads, every output format's schema, and kill -9 then --resume. */
class MineCommandLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path collection;
  static Path index;

  @BeforeAll
  static void collectionAndIndex() throws Exception {
    collection = dir.resolve("collection");
    // 800 training queries: long enough to kill a run in the middle.
    SyntheticCollection.write(new SyntheticCollection.Parameters(9, 40, 100, 20, 0.0, 0.5, 0.05), collection, false);
    index = dir.resolve("index");
    assertEquals(0, foil("index", "--corpus", collection.toString(), "--index", index.toString(), "--quiet").code());
  }

  private static List<String> mineArgs(Path out, String format, String... extra) {
    List<String> a = new ArrayList<>(List.of("mine", "--queries", collection.resolve("queries.jsonl").toString(),
        "--split", "train", "--index", index.toString(), "--sampler", "simans(a=1,b=0)", "--negatives", "6",
        "--seed", "7", "--format", format, "--out", out.toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void sameSeedSameBytesAtAnyThreadCount() throws Exception {
    Path one = dir.resolve("t1.jsonl");
    Path four = dir.resolve("t4.jsonl");
    var a = foil(mineArgs(one, "ids", "--threads", "1", "--chunk", "50").toArray(String[]::new));
    assertEquals(0, a.code(), a.err());
    var b = foil(mineArgs(four, "ids", "--threads", "4", "--chunk", "37").toArray(String[]::new));
    assertEquals(0, b.code(), b.err());
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(four));
    assertTrue(a.out().contains("false-negative rate"), a.out());
    JsonNode manifest = JSON.readTree(MiningRun.manifestFile(one).toFile());
    assertEquals("simans(a=1,b=0)", manifest.at("/parameters/sampler").asText());
    assertEquals(800, manifest.at("/counts/anchors").asInt());
    assertTrue(manifest.at("/inputs/queries/sha256").asText().length() == 64);
    assertFalse(Files.exists(MiningRun.checkpointFile(one)));
  }

  @Test
  void everyFormatLoadsInItsSchema() throws Exception {
    for (String format : List.of("bge", "tevatron", "st-triplet", "st-ntuple", "st-labeled-pair", "st-labeled-list",
        "st-triplet --include-scores", "ids")) {
      Path out = dir.resolve("f-" + format.replace(' ', '_') + ".jsonl");
      List<String> args = new ArrayList<>(mineArgs(out, format.split(" ")[0]));
      if (format.endsWith("--include-scores")) {
        args.add("--include-scores");
      }
      var r = foil(args.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
      List<String> lines = Files.readAllLines(out);
      assertFalse(lines.isEmpty());
      for (String line : lines) {
        JsonNode n = JSON.readTree(line);
        switch (format) {
          case "bge" -> {
            assertTrue(n.get("query").isTextual());
            assertTrue(n.get("pos").isArray() && n.get("pos").size() >= 1 && n.get("pos").get(0).isTextual());
            assertEquals(6, n.get("neg").size());
            assertEquals(n.get("neg").size(), n.get("neg_scores").size());
            assertEquals(n.get("pos").size(), n.get("pos_scores").size());
          }
          case "tevatron" -> {
            assertTrue(n.get("query_id").isTextual() && n.get("query").isTextual());
            for (String f : List.of("positive_passages", "negative_passages")) {
              for (JsonNode p : n.get(f)) {
                assertTrue(p.get("docid").isTextual() && p.get("title").isTextual() && p.get("text").isTextual());
              }
            }
            assertEquals(6, n.get("negative_passages").size());
          }
          case "st-triplet" -> assertEquals(List.of("anchor", "positive", "negative"), names(n));
          case "st-triplet --include-scores" -> {
            assertEquals(List.of("anchor", "positive", "negative", "scores"), names(n));
            assertTrue(n.get("scores").size() == 2 && n.get("scores").get(0).isNumber() && n.get("scores").get(1).isNumber());
          }
          case "st-labeled-pair" -> {
            assertEquals(List.of("anchor", "positive", "label"), names(n));
            assertTrue(n.get("label").asInt() == 0 || n.get("label").asInt() == 1);
          }
          case "st-labeled-list" -> {
            assertEquals(List.of("anchor", "positive", "labels"), names(n));
            assertEquals(7, n.get("positive").size());
            assertEquals("[1,0,0,0,0,0,0]", n.get("labels").toString());
          }
          case "st-ntuple" -> assertEquals(List.of("anchor", "positive", "negative_1", "negative_2", "negative_3",
              "negative_4", "negative_5", "negative_6"), names(n));
          default -> {
            assertTrue(n.get("query_id").isTextual() && n.get("positives").isArray());
            assertEquals(0, n.get("shortfall").asInt());
            for (JsonNode g : n.get("negatives")) {
              assertTrue(g.get("docid").isTextual() && g.get("rank").isInt() && g.get("weight").isNumber());
              assertTrue(g.get("source").isTextual() && g.get("reason").isTextual() && g.get("top_up").isBoolean());
            }
          }
        }
      }
    }
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    Iterator<String> it = n.fieldNames();
    it.forEachRemaining(out::add);
    return out;
  }

  /** --explain adds an explain object to each negative of the ids layout and changes nothing else. */
  @Test
  void explainAddsExplanationsAndChangesNothingElse() throws Exception {
    Path plain = dir.resolve("plain.jsonl");
    Path explained = dir.resolve("explained.jsonl");
    var a = foil(mineArgs(plain, "ids", "--fn-adapter", "fn-reweight", "--fn-teacher", "bm25", "--fn-temperature", "2")
        .toArray(String[]::new));
    assertEquals(0, a.code(), a.err());
    var b = foil(mineArgs(explained, "ids", "--fn-adapter", "fn-reweight", "--fn-teacher", "bm25", "--fn-temperature",
        "2", "--explain").toArray(String[]::new));
    assertEquals(0, b.code(), b.err());
    Iterator<String> p = Files.readAllLines(plain).iterator();
    for (String line : Files.readAllLines(explained)) {
      JsonNode n = JSON.readTree(line);
      for (JsonNode neg : n.get("negatives")) {
        JsonNode e = neg.get("explain");
        assertTrue(e.get("kept_by").asText().equals("sampler simans(a=1,b=0)")
            || e.get("kept_by").asText().equals("top-up(random)"), line);
        assertEquals(neg.get("weight").asDouble(), e.at("/weight_factors/fn-reweight").asDouble(), 1e-12, line);
        ((com.fasterxml.jackson.databind.node.ObjectNode) neg).remove("explain");
      }
      assertEquals(JSON.readTree(p.next()), n, "without its explain objects the line is the plain one");
    }
    assertFalse(p.hasNext());
    assertEquals(true, JSON.readTree(MiningRun.manifestFile(explained).toFile()).at("/parameters/explain").asBoolean());
    assertTrue(JSON.readTree(MiningRun.manifestFile(plain).toFile()).at("/parameters/explain").isMissingNode());
    var c = foil(mineArgs(dir.resolve("explained.bge"), "bge", "--explain").toArray(String[]::new));
    assertEquals(2, c.code());
    assertTrue(c.err().contains("--format ids"), c.err());
  }

  @Test
  void killedThenResumedGivesTheSameBytes() throws Exception {
    Path reference = dir.resolve("ref.jsonl");
    assertEquals(0, foil(mineArgs(reference, "bge", "--chunk", "4").toArray(String[]::new)).code());

    Path out = dir.resolve("killed.jsonl");
    Process p = ChildFoil.start(dir.resolve("child.log"), List.of(),
        mineArgs(out, "bge", "--chunk", "4", "--threads", "1").toArray(String[]::new));
    Path checkpoint = MiningRun.checkpointFile(out);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
    p.waitFor();
    assertFalse(Files.exists(out), "the run finished before it could be killed; the test proves nothing");
    assertTrue(Files.exists(checkpoint), Files.readString(dir.resolve("child.log")));
    long partialBytes = Files.size(MiningRun.partialFile(out));
    assertTrue(partialBytes < Files.size(reference));

    var resumed = foil(mineArgs(out, "bge", "--chunk", "4", "--resume").toArray(String[]::new));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().matches("(?s).* resuming after [1-9]\\d* queries .*"), resumed.out());
    assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(out));
    assertFalse(Files.exists(checkpoint));
    assertFalse(Files.exists(MiningRun.partialFile(out)));
  }

  @Test
  void badSpecsAndMissingInputsAreUsageErrors() {
    Path out = dir.resolve("bad.jsonl");
    List<String> args = mineArgs(out, "bge");
    args.set(args.indexOf("--sampler") + 1, "simans(a=-1)");
    var bad = foil(args.toArray(String[]::new));
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("simans: illegal a value: -1, must be > 0"), bad.err());
    var fmt = foil(mineArgs(out, "parquet").toArray(String[]::new));
    assertEquals(2, fmt.code());
    var lonely = foil(mineArgs(out, "bge", "--fn-adapter", "fn-drop(0.5)").toArray(String[]::new));
    assertEquals(2, lonely.code());
    assertTrue(lonely.err().contains("--fn-teacher"), lonely.err());
    assertFalse(Files.exists(out));
  }

  /** --n, the former name of --negatives, still works for a release, with a warning, and is not in the help. */
  @Test
  void theFormerNameOfNegativesStillWorks() throws Exception {
    Path out = dir.resolve("former.jsonl");
    List<String> args = mineArgs(out, "bge");
    args.set(args.indexOf("--negatives"), "--n");
    var r = foil(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("--n is now --negatives"), r.err());
    assertEquals(6, JSON.readTree(Files.readAllLines(out).get(0)).get("neg").size());
    var help = foil("mine", "--help");
    assertTrue(help.out().contains("--negatives=N") && !help.out().contains("--n="), help.out());
  }

  /** An existing output is replaced only with --overwrite, never silently; mine and search alike. */
  @Test
  void anExistingOutputIsRefusedWithoutOverwrite() throws Exception {
    Path out = dir.resolve("kept.jsonl");
    assertEquals(0, foil(mineArgs(out, "bge").toArray(String[]::new)).code());
    byte[] first = Files.readAllBytes(out);
    List<String> otherSeed = mineArgs(out, "bge");
    otherSeed.set(otherSeed.indexOf("--seed") + 1, "8");
    var again = foil(otherSeed.toArray(String[]::new));
    assertEquals(2, again.code());
    assertTrue(again.err().contains(out + " exists: give --overwrite to replace it"), again.err());
    assertArrayEquals(first, Files.readAllBytes(out), "the refused run left the file as it was");
    var both = foil(mineArgs(out, "bge", "--resume", "--overwrite").toArray(String[]::new));
    assertEquals(2, both.code());
    otherSeed.add("--overwrite");
    var replaced = foil(otherSeed.toArray(String[]::new));
    assertEquals(0, replaced.code(), replaced.err());
    assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(out)), "another seed, other negatives");

    Path run = dir.resolve("kept.trec");
    List<String> search = List.of("search", "--index", index.toString(), "--queries",
        collection.resolve("queries.jsonl").toString(), "--k", "10", "--out", run.toString(), "--quiet");
    assertEquals(0, foil(search.toArray(String[]::new)).code());
    var refused = foil(search.toArray(String[]::new));
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("give --overwrite"), refused.err());
    List<String> overwrite = new ArrayList<>(search);
    overwrite.add("--overwrite");
    assertEquals(0, foil(overwrite.toArray(String[]::new)).code());
  }

  /**
   * --candidates: negatives come only from the given pool (here BM25's ranks 21 to 40), ranked and scored
   * by the source (BM25's scores, not the file's), and the manifest records the file.
   */
  @Test
  void givenCandidatesAreTheOnlyPoolAndCarryTheSourcesScores() throws Exception {
    Path run = dir.resolve("bm25-40.trec");
    assertEquals(0, foil("search", "--index", index.toString(), "--queries", collection.resolve("queries.jsonl").toString(),
        "--split", "train", "--k", "40", "--out", run.toString(), "--quiet").code());
    java.util.Map<String, java.util.Map<String, Float>> bm25 = new java.util.HashMap<>();
    java.util.Map<String, java.util.Set<String>> pool = new java.util.HashMap<>();
    StringBuilder given = new StringBuilder();
    for (String line : Files.readAllLines(run)) {
      String[] f = line.split(" ");
      bm25.computeIfAbsent(f[0], k -> new java.util.HashMap<>()).put(f[2], Float.parseFloat(f[4]));
      if (Integer.parseInt(f[3]) > 20) { // the file's own scores are nonsense: they must not be used
        pool.computeIfAbsent(f[0], k -> new java.util.HashSet<>()).add(f[2]);
        given.append(f[0]).append(" Q0 ").append(f[2]).append(' ').append(f[3]).append(" 1000 mine\n");
      }
    }
    Path candidates = dir.resolve("candidates.trec");
    Files.writeString(candidates, given);
    Path out = dir.resolve("given.jsonl");
    List<String> args = mineArgs(out, "ids", "--candidates", candidates.toString());
    args.set(args.indexOf("--sampler") + 1, "top-k");
    var r = foil(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    int checked = 0;
    for (String line : Files.readAllLines(out)) {
      JsonNode n = JSON.readTree(line);
      java.util.Map<String, Float> scores = bm25.get(n.get("query_id").asText());
      float previous = Float.POSITIVE_INFINITY;
      for (JsonNode g : n.get("negatives")) {
        if (g.get("top_up").asBoolean()) {
          continue;
        }
        String doc = g.get("docid").asText();
        Float expected = scores.get(doc);
        assertTrue(pool.get(n.get("query_id").asText()).contains(doc), "a negative from outside the given pool: " + g);
        assertEquals(expected, g.get("score").floatValue(), 1e-4f, "BM25's score, not the file's: " + g);
        assertTrue(expected <= previous, "top-k takes the given candidates best first by BM25");
        previous = expected;
        checked++;
      }
    }
    assertTrue(checked > 100, "negatives checked: " + checked);
    JsonNode manifest = JSON.readTree(MiningRun.manifestFile(out).toFile());
    assertEquals(64, manifest.at("/inputs/candidates/sha256").asText().length(), manifest.toString());

    Files.writeString(candidates, "q1 Q0 no-such-doc 1 1.0 mine\n");
    var bad = foil(mineArgs(dir.resolve("bad.jsonl"), "ids", "--candidates", candidates.toString()).toArray(String[]::new));
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains(candidates + ": 1 candidate is not in the corpus (first: no-such-doc)"), bad.err());
  }
}
