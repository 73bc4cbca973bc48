package dev.foil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.ProgressListener;
import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.synthetic.SyntheticCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: each long-running writer ({@code index}, {@code encode}, {@code mine},
 * {@code recsys train}, {@code bench}) is killed with SIGKILL at seeded random points while it writes,
 * then run again ({@code --resume} where the command has it); the outputs must equal an uninterrupted
 * run's byte for byte and nothing may be left behind (partial files, checkpoints, staging, temporaries).
 */
class KillAndResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Kill points per command. */
  private static final int KILLS = 2;

  @TempDir static Path dir;
  static Path collection;
  static Path index;
  static final SplittableRandom RNG = new SplittableRandom(19);
  static final List<String> REPORT = new ArrayList<>();

  @BeforeAll
  static void data() throws Exception {
    collection = dir.resolve("collection");
    SyntheticCollection.write(new SyntheticCollection.Parameters(5, 10, 150, 30, 0.5, 0.5, 0.05), collection, false);
    index = dir.resolve("index");
    Bm25Indexer.anseriniDefaults().build(collection.resolve("corpus.jsonl"), index, false, ProgressListener.NONE);
  }

  @AfterAll
  static void report() {
    REPORT.forEach(System.out::println);
  }


  private static void assertSameFile(Path expected, Path actual) throws Exception {
    assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual + " differs from " + expected);
  }

  /**
   * Manifests name the paths they were written with (and their fingerprint hashes those paths, so that
   * a resume checks it continues the same output); everything else must be equal.
   */
  private static void assertSameManifest(Path expected, Path actual) throws Exception {
    assertEquals(withoutPaths(JSON.readTree(expected.toFile())), withoutPaths(JSON.readTree(actual.toFile())),
        actual + " differs from " + expected);
  }

  private static JsonNode withoutPaths(JsonNode n) {
    if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      o.remove("path");
      o.remove("fingerprint");
      o.properties().forEach(e -> withoutPaths(e.getValue()));
    } else if (n.isArray()) {
      n.forEach(KillAndResumeTest::withoutPaths);
    }
    return n;
  }

  private static void assertNoDebris(Path root) throws Exception {
    assertEquals(List.of(), ChildFoil.debris(root), "debris under " + root);
  }

  private static Path log(String name) {
    return dir.resolve(name + ".log");
  }

  @Test
  void indexKilledAndRunAgainEqualsAnUninterruptedIndex() throws Exception {
    Path work = Files.createDirectories(dir.resolve("index-kill"));
    String corpus = collection.resolve("corpus.jsonl").toString();
    long window = ChildFoil.writingMillis(log("index-ref"), staging(work, "ref"), "index", "--corpus", corpus,
        "--index", work.resolve("ref").toString(), "--threads", "1", "--quiet");
    Path refRun = work.resolve("ref.trec");
    assertEquals(0, FoilCli.run("search", "--index", work.resolve("ref").toString(), "--queries",
        collection.resolve("queries.jsonl").toString(), "--k", "50", "--out", refRun.toString(), "--quiet"));
    for (int k = 0; k < KILLS; k++) {
      Path target = work.resolve("idx" + k);
      String how = ChildFoil.killAtRandomPoint(log("index-kill-" + k), RNG, window,
          staging(work, "idx" + k), "index", "--corpus", corpus, "--index",
          target.toString(), "--threads", "1", "--quiet");
      REPORT.add("index #" + k + ": " + how);
      ChildFoil.Result again = ChildFoil.run(log("index-again-" + k), "index", "--corpus", corpus, "--index",
          target.toString(), "--threads", "1", "--overwrite", "--quiet");
      assertEquals(0, again.code(), again.output());
      assertSameFile(work.resolve("ref/doc-ids.txt"), target.resolve("doc-ids.txt"));
      assertSameFile(work.resolve("ref/foil-index.json"), target.resolve("foil-index.json"));
      Path run = work.resolve("idx" + k + ".trec");
      assertEquals(0, FoilCli.run("search", "--index", target.toString(), "--queries",
          collection.resolve("queries.jsonl").toString(), "--k", "50", "--out", run.toString(), "--quiet"));
      assertSameFile(refRun, run);
      assertNoDebris(work);
    }
  }

  @Test
  void encodeKilledAndRunAgainEqualsAnUninterruptedStore() throws Exception {
    Path work = Files.createDirectories(dir.resolve("encode-kill"));
    Path small = work.resolve("small");
    SyntheticCollection.write(new SyntheticCollection.Parameters(7, 3, 40, 2, 0.5, 0.5, 0.05), small, false);
    String corpus = small.resolve("corpus.jsonl").toString();
    long window = ChildFoil.writingMillis(log("encode-ref"), staging(work, "ref"), "encode", "--corpus", corpus,
        "--out", work.resolve("ref").toString(), "--max-length", "32", "--threads", "1", "--quiet");
    for (int k = 0; k < KILLS; k++) {
      Path target = work.resolve("store" + k);
      String how = ChildFoil.killAtRandomPoint(log("encode-kill-" + k), RNG, window,
          staging(work, "store" + k), "encode", "--corpus", corpus, "--out",
          target.toString(), "--max-length", "32", "--threads", "1", "--quiet");
      REPORT.add("encode #" + k + ": " + how);
      ChildFoil.Result again = ChildFoil.run(log("encode-again-" + k), "encode", "--corpus", corpus, "--out",
          target.toString(), "--max-length", "32", "--threads", "1", "--quiet");
      assertEquals(0, again.code(), again.output());
      for (String f : List.of("vectors.f32", "ids.txt", "hashes.bin", "store.json")) {
        assertSameFile(work.resolve("ref").resolve(f), target.resolve(f));
      }
      assertNoDebris(work);
    }
  }

  @Test
  void mineKilledAndResumedWithAnotherChunkSizeEqualsAnUninterruptedRun() throws Exception {
    Path work = Files.createDirectories(dir.resolve("mine-kill"));
    List<String> common = List.of("mine", "--queries", collection.resolve("queries.jsonl").toString(), "--split",
        "train", "--index", index.toString(), "--depth", "300", "--negatives", "10", "--sampler", "simans(a=0.5,b=0)",
        "--format", "bge", "--threads", "1", "--quiet");
    Path refOut = work.resolve("ref.jsonl");
    long window = ChildFoil.writingMillis(log("mine-ref"),
        () -> Files.exists(dev.foil.samplers.mining.MiningRun.partialFile(refOut)),
        args(common, "--chunk", "4", "--out", refOut.toString()));
    for (int k = 0; k < KILLS; k++) {
      Path out = work.resolve("m" + k + ".jsonl");
      String how = ChildFoil.killAtRandomPoint(log("mine-kill-" + k), RNG, window,
          () -> Files.exists(dev.foil.samplers.mining.MiningRun.partialFile(out)),
          args(common, "--chunk", "4", "--out", out.toString()));
      REPORT.add("mine #" + k + ": " + how);
      ChildFoil.Result again = ChildFoil.run(log("mine-again-" + k),
          args(common, "--chunk", "7", "--resume", "--out", out.toString()));
      assertEquals(0, again.code(), again.output());
      assertSameFile(work.resolve("ref.jsonl"), out);
      assertSameManifest(work.resolve("ref.jsonl.manifest.json"), work.resolve("m" + k + ".jsonl.manifest.json"));
      assertNoDebris(work);
    }
  }

  @Test
  void recsysTrainingKilledAndResumedEqualsAnUninterruptedRun() throws Exception {
    Path work = Files.createDirectories(dir.resolve("recsys-kill"));
    StringBuilder sb = new StringBuilder("user,item,timestamp\n");
    SplittableRandom r = new SplittableRandom(5);
    for (int u = 0; u < 300; u++) {
      for (int k = 0; k < 20; k++) {
        sb.append('u').append(u).append(",i").append((u % 6) * 50 + r.nextInt(50)).append(',').append(k).append('\n');
      }
    }
    Path csv = Files.writeString(work.resolve("log.csv"), sb);
    List<String> common = List.of("recsys", "train", "--data", csv.toString(), "--model", "mf-bpr", "--dim", "16",
        "--epochs", "8", "--batch-size", "64", "--lr", "0.05", "--threads", "1", "--quiet");
    long window = ChildFoil.writingMillis(log("recsys-ref"), () -> Files.exists(work.resolve("ref/log.jsonl")),
        args(common, "--out", work.resolve("ref").toString()));
    for (int k = 0; k < KILLS; k++) {
      Path out = work.resolve("r" + k);
      String how = ChildFoil.killAtRandomPoint(log("recsys-kill-" + k), RNG, window,
          () -> Files.exists(out.resolve("log.jsonl")), args(common, "--out", out.toString()));
      REPORT.add("recsys train #" + k + ": " + how);
      ChildFoil.Result again = ChildFoil.run(log("recsys-again-" + k), args(common, "--resume", "--out", out.toString()));
      assertEquals(0, again.code(), again.output());
      assertSameFile(work.resolve("ref/model/weights.params"), out.resolve("model/weights.params"));
      assertSameFile(work.resolve("ref/model/recsys-model.json"), out.resolve("model/recsys-model.json"));
      JsonNode a = JSON.readTree(work.resolve("ref/metrics.json").toFile()).path("metrics");
      JsonNode b = JSON.readTree(out.resolve("metrics.json").toFile()).path("metrics");
      for (String m : List.of("recall@20", "ndcg@20")) {
        assertEquals(a.path(m).asDouble(), b.path(m).asDouble(), 0.0, m);
      }
      assertNoDebris(work);
    }
  }

  @Test
  void benchKilledAndRunAgainEqualsAnUninterruptedGrid() throws Exception {
    Path work = Files.createDirectories(dir.resolve("bench-kill"));
    Path spec = Files.writeString(work.resolve("spec.yaml"), """
        name: kill
        synthetic: {seed: 3, topics: 4, queries_per_topic: 6}
        first_stage: [bm25]
        mining: {split: train, depth: 100, n: 5}
        samplers: [random, top-k, "simans(a=0.5,b=0)"]
        seeds: [1, 2]
        eval: {split: test, metrics: [ndcg@10, recall@100]}
        """);
    long window = ChildFoil.writingMillis(log("bench-ref"), () -> Files.exists(work.resolve("ref/steps")), "bench",
        spec.toString(), "--out", work.resolve("ref").toString(), "--no-report", "--threads", "1", "--quiet");
    for (int k = 0; k < KILLS; k++) {
      Path out = work.resolve("b" + k);
      String how = ChildFoil.killAtRandomPoint(log("bench-kill-" + k), RNG, window,
          () -> Files.exists(out.resolve("steps")), "bench", spec.toString(), "--out", out.toString(), "--no-report",
          "--threads", "1", "--quiet");
      REPORT.add("bench #" + k + ": " + how);
      ChildFoil.Result again = ChildFoil.run(log("bench-again-" + k), "bench", spec.toString(), "--out",
          out.toString(), "--no-report", "--threads", "1", "--quiet");
      assertEquals(0, again.code(), again.output());
      List<Path> outputs = stepOutputs(work.resolve("ref"));
      assertTrue(outputs.size() >= 7, "mined files and runs: " + outputs);
      for (Path rel : outputs) {
        if (rel.toString().endsWith(".manifest.json")) {
          assertSameManifest(work.resolve("ref").resolve(rel), out.resolve(rel));
        } else {
          assertSameFile(work.resolve("ref").resolve(rel), out.resolve(rel));
        }
      }
      assertEquals(JSON.readTree(work.resolve("ref/results.json").toFile()).path("rows"),
          JSON.readTree(out.resolve("results.json").toFile()).path("rows"));
      assertNoDebris(work);
    }
  }

  /** The files a grid's steps produce (mined files, manifests, runs, the collection), relative to the results. */
  private static List<Path> stepOutputs(Path results) throws Exception {
    try (Stream<Path> s = Files.walk(results.resolve("steps"))) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(jsonl|tsv|trec|manifest\\.json)$"))
          .map(results::relativize).sorted().toList();
    }
  }

  /** True once a staging directory for {@code target} exists beside it. */
  private static java.util.function.BooleanSupplier staging(Path work, String target) {
    return () -> ChildFoil.anyNameStartsWith(work, "." + target + ".staging.");
  }

  private static String[] args(List<String> common, String... more) {
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
