package dev.foil.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import dev.foil.index.data.SharedData;
import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.vector.FaissRequirement;
import dev.foil.samplers.mining.MiningManifest;
import dev.foil.samplers.mining.MiningOptions;
import dev.foil.samplers.mining.MiningService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs submitted to a real standalone cluster (a Master and two Workers as child JVMs on 127.0.0.1)
 * in their application jar, on SciFact: the encoding job builds the dense store, then the mining job
 * mines train with BM25 and that store pooled, and its parts equal the single-process file byte for
 * byte, also when one executor is killed mid-job.
 */
class StandaloneClusterIT {
  static Path work;
  static Path scifact;
  static Path index;
  static Path store;

  @BeforeAll
  static void prepare() throws Exception {
    FaissRequirement.require();
    scifact = SharedData.require("scifact");
    work = Path.of("target", "cluster-it").toAbsolutePath();
    dev.foil.index.io.StagingDirectory.deleteRecursively(work);
    index = work.resolve("index");
    Bm25Indexer.anseriniDefaults(2).build(scifact.resolve("corpus.jsonl"), index, false, ProgressListener.NONE);
  }

  /** What single-process mining writes for {@link #args}. */
  private static byte[] single() throws Exception {
    Path file = work.resolve("single.jsonl");
    var v = MiningOptions.OPTIONS.parse(args(file));
    MiningService.mine(MiningOptions.job(v, file), MiningOptions.settings(v), new MiningService.Execution(256, 2, false),
        ProgressListener.NONE, w -> {});
    return Files.readAllBytes(file);
  }

  private static List<String> args(Path out) {
    return new ArrayList<>(List.of("--queries", scifact.resolve("queries.jsonl").toString(), "--split", "train",
        "--index", index.toString(), "--dense", store.toString(), "--sources", "bm25,dense", "--depth", "100",
        "--negatives", "7", "--seed", "3", "--out", out.toString()));
  }

  private static JavaSparkContext submit(StandaloneCluster cluster) {
    Path app = Path.of("target", "foil-spark-app.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(app), "the application jar is built by package: " + app);
    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster(cluster.masterUrl())
        .setAppName("StandaloneClusterIT").set("spark.jars", app.toString()).set("spark.driver.host", "127.0.0.1")
        .set("spark.ui.enabled", "false").set("spark.executor.memory", "768m").set("spark.task.maxFailures", "4"));
    sc.setLogLevel("WARN"); // the executors' logs are printed when the test fails
    return sc;
  }

  private static byte[] concatenated(Path out) throws Exception {
    return SparkMining.concatenation(out, MiningManifest.read(out.resolve(SparkMining.MANIFEST)));
  }

  @Test
  void miningOnTheClusterWritesTheSingleProcessBytesAndSurvivesAKilledExecutor() throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.start(work.resolve("sparkhome"), 2, 1, "1g")) {
      try (JavaSparkContext sc = submit(cluster)) {
        // A small store: the quantized MiniLM at 32 tokens, so that encoding SciFact takes seconds, not minutes.
        SparkEncoding.Result encoded = SparkEncoding.encode(sc, List.of("--corpus", scifact.toString(), "--model",
            "minilm-q", "--max-length", "32", "--batch-size", "16", "--shards", "4", "--out",
            work.resolve("encoded").toString()), w -> {});
        assertEquals(5183, encoded.documents());
        store = encoded.store();
        byte[] single = single();

        Path out = work.resolve("cluster");
        List<String> a = args(out);
        a.addAll(List.of("--partitions", "4"));
        SparkMining.Result r = SparkMining.mine(sc, a, w -> {});
        assertEquals(4, r.manifest().parts().size());
        assertArrayEquals(single, concatenated(out), "4 parts mined by 2 executors");

        Path killed = work.resolve("killed");
        List<String> b = args(killed);
        b.addAll(List.of("--partitions", "16"));
        AtomicReference<String> victim = new AtomicReference<>();
        Thread killer = new Thread(() -> {
          try {
            // Once the first part is written, 15 are still to come: kill one executor JVM.
            while (!Files.exists(killed.resolve(SparkMining.partName(0)))
                && !Files.exists(killed.resolve(SparkMining.partName(1)))) {
              Thread.sleep(20);
            }
            ProcessHandle e = cluster.executors().get(0);
            victim.set(e.pid() + " " + e.info().commandLine().orElse(""));
            e.destroyForcibly();
          } catch (Exception e) {
            victim.compareAndSet(null, "failed: " + e);
          }
        });
        killer.setDaemon(true);
        killer.start();
        SparkMining.mine(sc, b, w -> {});
        killer.join(10_000);
        assertTrue(victim.get() != null && !victim.get().startsWith("failed"), "an executor was killed: " + victim);
        assertArrayEquals(single, concatenated(killed), "the job finished with the same bytes after a killed executor");
        try (var files = Files.list(killed)) {
          assertEquals(17, files.count(), "16 parts and the manifest, no leftover of the killed attempt");
        }
      } catch (Exception | Error e) {
        cluster.printLogs();
        throw e;
      }
    }
  }
}
