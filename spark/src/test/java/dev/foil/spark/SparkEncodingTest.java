package dev.foil.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.EmbeddingStoreBuilder;
import dev.foil.index.dense.Encoders;
import dev.foil.index.dense.StoreShards;
import dev.foil.index.synthetic.SyntheticCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoding job in {@code local[2]}: shards, the whole store, and re-runs that encode only what changed. */
class SparkEncodingTest {
  @TempDir static Path dir;
  static JavaSparkContext sc;
  static Path corpus;

  @BeforeAll
  static void start() throws Exception {
    SyntheticCollection.write(SyntheticCollection.Parameters.sized(3, 3, 4), dir.resolve("c"), false);
    corpus = dir.resolve("corpus.jsonl");
    Files.copy(dir.resolve("c/corpus.jsonl"), corpus);
    sc = LocalSpark.start("SparkEncodingTest");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  private static SparkEncoding.Result encode(Path out, int shards) throws Exception {
    return SparkEncoding.encode(sc, List.of("--corpus", corpus.toString(), "--model", "minilm", "--max-length", "32",
        "--shards", Integer.toString(shards), "--out", out.toString()), w -> {});
  }

  @Test
  void shardsMakeTheSingleProcessStoreAndReRunsEncodeOnlyWhatChanged() throws Exception {
    Path single = dir.resolve("single");
    try (var enc = Encoders.open("minilm", 32, 8, 2)) {
      EmbeddingStoreBuilder.build(corpus, enc, single, ProgressListener.NONE, w -> {});
    }
    Path out = dir.resolve("spark");
    SparkEncoding.Result r = encode(out, 3);
    assertEquals(r.documents(), r.encoded(), "a first run encodes everything");
    try (EmbeddingStore a = EmbeddingStore.open(single); EmbeddingStore b = EmbeddingStore.open(r.store())) {
      assertEquals(a.size(), b.size());
      assertEquals(a.manifest().cacheKey(), b.manifest().cacheKey());
      float[] x = a.toArray();
      float[] y = b.toArray();
      for (int row = 0; row < a.size(); row++) {
        assertEquals(a.docIds().id(row), b.docIds().id(row), "corpus order");
      }
      assertArrayEquals(x, y, 1e-5f, "the same vectors up to the batches' padding");
    }
    assertEquals(3, new com.fasterxml.jackson.databind.ObjectMapper().readValue(out.resolve(StoreShards.FILE).toFile(),
        StoreShards.Listing.class).shards().size());

    SparkEncoding.Result again = encode(out, 2);
    assertEquals(0, again.encoded(), "other shard boundaries: every vector is found in the earlier shards");
    assertFalse(Files.exists(out.resolve("shards").resolve(SparkEncoding.shardName(2))), "the stale third shard is gone");

    List<String> lines = new ArrayList<>(Files.readAllLines(corpus));
    lines.set(7, lines.get(7).replace("\"text\":\"", "\"text\":\"edited: "));
    Files.write(corpus, lines);
    SparkEncoding.Result edited = encode(out, 2);
    assertEquals(1, edited.encoded(), "only the edited passage");
    try (EmbeddingStore b = EmbeddingStore.open(edited.store())) {
      assertEquals(r.documents(), b.size());
    }
    try (var files = Files.list(out.resolve("shards"))) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".slice")), "no slice left behind");
    }
  }
}
