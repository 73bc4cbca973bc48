package dev.foil.index.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.foil.index.CandidateList;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.vector.VectorBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End to end with the real MiniLM: encode a small corpus, store it, search it. */
class DenseCandidateSourceTest {
  @TempDir Path dir;

  private Path store() throws Exception {
    return store("minilm");
  }

  private Path store(String model) throws Exception {
    Path corpus = dir.resolve("corpus.jsonl");
    Files.write(corpus, List.of(
        "{\"_id\":\"d1\",\"title\":\"Cardiology\",\"text\":\"Statins lower LDL cholesterol and cut heart attacks.\"}",
        "{\"_id\":\"d2\",\"title\":\"Oncology\",\"text\":\"Tamoxifen treats estrogen receptor positive breast cancer.\"}",
        "{\"_id\":\"d3\",\"title\":\"Weather\",\"text\":\"Heavy rain and strong winds are expected this weekend.\"}",
        "{\"_id\":\"d4\",\"title\":\"Sports\",\"text\":\"The home team won the final in extra time.\"}"));
    try (OnnxEncoder enc = new OnnxEncoder(EncoderModel.resolve(model), 64, 8, 2)) {
      EmbeddingStoreBuilder.build(corpus, enc, dir.resolve(model), ProgressListener.NONE, w -> {});
    }
    return dir.resolve(model);
  }

  @Test
  void retrievesByMeaningAndScoresAnyDocument() throws Exception {
    Path store = store();
    var settings = new VectorBackend.Settings("Flat", 16, 100, 128, 16, 2);
    try (DenseCandidateSource dense = DenseCandidateSource.open(store, VectorBackend.EXACT, settings, 2)) {
      Query q = new Query("q", "drugs that reduce cholesterol");
      CandidateList top = dense.retrieve(q, 10);
      assertEquals(4, top.size());
      assertEquals("d1", dense.docIds().id(top.doc(0)));
      assertArrayEquals(top.scores(), dense.score(q, top.docs()), 1e-6f);
      assertEquals(dense.retrieveAll(List.of(q), 3, 2, ProgressListener.NONE).get(0).docs().length, 3);
    }
  }

  /**
   * A query's hits and scores must not depend on the batch it came in (the mining chunk, the Spark
   * partition, a single embedded call): FAISS searches a batch of 20 or more queries with BLAS and fewer
   * with its own kernel, whose last bits differ; and an encoder's batch pads to its longest query and,
   * for a quantized model, scales activations per batch.
   */
  @ParameterizedTest
  @ValueSource(strings = {"minilm", "minilm-q"})
  void aQuerysHitsDoNotDependOnItsBatch(String model) throws Exception {
    Path store = store(model);
    dev.foil.index.vector.FaissRequirement.require();
    var settings = new VectorBackend.Settings("Flat", 16, 100, 128, 16, 2);
    List<Query> queries = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      queries.add(new Query("q" + i, List.of("cholesterol drugs", "cancer therapy", "rain tomorrow", "the final match",
          "heart attacks and statins, and which of the drugs that lower cholesterol work best for older patients",
          "weekend weather").get(i % 6) + " " + i));
    }
    try (DenseCandidateSource dense = DenseCandidateSource.open(store, VectorBackend.FAISS, settings, 2)) {
      List<CandidateList> batched = dense.retrieveAll(queries, 3, 2, ProgressListener.NONE);
      for (int i = 0; i < queries.size(); i++) {
        CandidateList alone = dense.retrieve(queries.get(i), 3);
        assertArrayEquals(alone.docs(), batched.get(i).docs(), queries.get(i).text());
        assertArrayEquals(alone.scores(), batched.get(i).scores(), 0f, queries.get(i).text());
        assertArrayEquals(dense.score(queries.get(i), alone.docs()), alone.scores(), 0f, "exactly score()'s arithmetic");
      }
    }
  }

  @Test
  void equalScoresAreOrderedById() {
    DocIds ids = DocIds.of("z", "b", "a", "c");
    int[] docs = {0, 1, 2, 3};
    float[] scores = {0.5f, 0.5f, 0.9f, 0.5f};
    CandidateList ranked = CandidateList.ranked("q", docs, scores, ids, 3);
    assertArrayEquals(new int[] {2, 1, 3}, ranked.docs());
    assertArrayEquals(new float[] {0.9f, 0.5f, 0.5f}, ranked.scores());
    assertArrayEquals(new int[] {0, 1, 2, 3}, docs, "the arrays given are left as they are");
  }

  @Test
  void unknownModelsAreRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncoderModel.resolve("no-such-model"));
    assertEquals(true, e.getMessage().contains("minilm"));
  }
}
