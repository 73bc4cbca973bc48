package dev.foil.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.samplers.mining.MiningManifest;
import dev.foil.samplers.mining.MiningOptions;
import dev.foil.samplers.mining.MiningService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mining job in {@code local[2]}: its parts against the file {@code foil mine}'s service writes. */
class SparkMiningTest {
  @TempDir static Path dir;
  static JavaSparkContext sc;
  static Path collection;
  static Path index;

  @BeforeAll
  static void start() throws Exception {
    collection = dir.resolve("collection");
    SyntheticCollection.write(SyntheticCollection.Parameters.sized(5, 6, 12), collection, false);
    index = dir.resolve("index");
    Bm25Indexer.anseriniDefaults(2).build(collection.resolve("corpus.jsonl"), index, false, ProgressListener.NONE);
    sc = LocalSpark.start("SparkMiningTest");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  private static List<String> args(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("--queries", collection.resolve("queries.jsonl").toString(), "--split",
        "train", "--index", index.toString(), "--sampler", "simans(a=0.5,b=0)", "--negatives", "7", "--depth", "40",
        "--seed", "11", "--format", "ids", "--out", out.toString()));
    a.addAll(List.of(more));
    return a;
  }

  /** The file the single-process service writes for the same options. */
  private static Path single(Path out) throws Exception {
    var v = MiningOptions.OPTIONS.parse(args(out));
    MiningService.mine(MiningOptions.job(v, out), MiningOptions.settings(v), new MiningService.Execution(256, 2, false),
        ProgressListener.NONE, w -> {});
    return out;
  }


  @Test
  void partsConcatenatedEqualTheSingleProcessFileForAnyPartitioning() throws Exception {
    Path file = single(dir.resolve("single.jsonl"));
    MiningManifest one = MiningManifest.readFor(file);
    Path out = dir.resolve("spark");
    for (String partitions : List.of("3", "5")) {
      SparkMining.Result r = SparkMining.mine(sc, args(out, "--partitions", partitions, "--chunk", "7"), w -> {});
      MiningManifest m = MiningManifest.read(out.resolve(SparkMining.MANIFEST));
      assertEquals(Integer.parseInt(partitions), m.parts().size());
      assertArrayEquals(Files.readAllBytes(file), SparkMining.concatenation(out, m), partitions + " partitions");
      try (Stream<Path> files = Files.list(out)) {
        assertEquals(m.parts().size() + 1, files.count(), "only the parts and the manifest: no temporary or stale file");
      }
      assertEquals(one.fingerprint(), m.fingerprint(), "the same inputs and settings");
      assertEquals(one.counts().anchors, m.counts().anchors);
      assertEquals(one.counts().negatives, m.counts().negatives);
      assertEquals(one.counts().topUps, m.counts().topUps);
      assertArrayEquals(one.counts().rankBuckets, m.counts().rankBuckets);
      assertEquals(one.counts().negativeScore.mean, m.counts().negativeScore.mean, 1e-9,
          "merged per partition: the same mean up to rounding");
      assertEquals(one.counts().anchors, r.queries());
      assertEquals(one.parameters(), m.parameters());
    }
  }

  @Test
  void badOptionsAndAForeignDirectoryAreRefusedBeforeAnythingIsMined() throws Exception {
    assertEquals("foil-spark mine: unknown option --resume", assertThrows(IllegalArgumentException.class,
        () -> SparkMining.mine(sc, args(dir.resolve("x"), "--resume"), w -> {})).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkMining.mine(sc,
        args(dir.resolve("y"), "--pool-cache", dir.resolve("pc").toString()), w -> {})).getMessage()
        .startsWith("--pool-cache: not on Spark"));
    Path foreign = dir.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkMining.mine(sc, args(foreign), w -> {}))
        .getMessage().contains("holds notes.txt, which this job did not write"));
    assertTrue(Files.exists(foreign.resolve("notes.txt")));
    assertFalse(Files.exists(foreign.resolve(SparkMining.MANIFEST)));
  }
}
