package dev.foil.rankers.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.SourceSet;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.index.synthetic.SyntheticIndex;
import dev.foil.samplers.format.TrainingFormat;
import dev.foil.samplers.mining.FalseNegativeFilter;
import dev.foil.samplers.mining.MiningService;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.train.Devices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code foil mine --teacher cross-encoder:DIR}: the cross-encoder rescores the positives and every kept
 * negative, top-ups included, and those are the scores a {@code bge} file carries; it also serves as the
 * false-negative filter's teacher. The model is an untrained MiniLM cross-encoder: what is checked is
 * that the written scores are the model's own, whatever they are.
 */
class CrossEncoderTeacherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path collection;
  static Path model;

  @BeforeAll
  static void collectionAndModel() throws Exception {
    collection = dir.resolve("c");
    SyntheticIndex.write(collection, new SyntheticCollection.Parameters(4, 4, 32, 8, 0.5, 0.5, 0.1));
    model = dir.resolve("cross-encoder");
    try (CrossEncoderModel m = CrossEncoderModel.create(EncoderModel.resolve("minilm"), 12, 64, 3, Devices.preferred())) {
      m.save(model);
    }
  }

  private static List<JsonNode> mine(MiningSettings settings, String name) throws Exception {
    Path out = dir.resolve(name + ".jsonl");
    MiningService.Job job = MiningService.Job.of(collection.resolve("queries.jsonl"),
        collection.resolve("qrels/train.tsv"), SourceSet.of(Bm25Source.of(collection.resolve("index"))), out);
    MiningService.mine(job, settings, new MiningService.Execution(64, 2, false), ProgressListener.NONE, w -> {});
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  private static void assertScores(OnnxCrossEncoder ce, String query, JsonNode texts, JsonNode scores) {
    List<String> passages = new ArrayList<>();
    texts.forEach(t -> passages.add(t.asText()));
    float[] expected = ce.score(Collections.nCopies(passages.size(), query), passages);
    assertEquals(expected.length, scores.size());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], scores.get(i).floatValue(), 1e-4f, query + " #" + i);
    }
  }

  @Test
  void theWrittenScoresAreTheCrossEncodersForPositivesNegativesAndTopUps() throws Exception {
    // A pool of 3 cannot hold 6 negatives: top-ups are rescored too.
    MiningSettings s = MiningSettings.defaults().withSampler("top-k").withN(6).withDepth(3, 60)
        .withFormat(TrainingFormat.BGE).withTeacher("cross-encoder:" + model);
    List<JsonNode> rows = mine(s, "teacher");
    assertTrue(rows.size() >= 5, "rows " + rows.size());
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.open(model, 8, 2)) {
      for (JsonNode row : rows) {
        String q = row.get("query").asText();
        assertScores(ce, q, row.get("pos"), row.get("pos_scores"));
        assertScores(ce, q, row.get("neg"), row.get("neg_scores"));
      }
    }
    // Without the teacher the same negatives carry BM25's scores, which differ.
    List<JsonNode> plain = mine(s.withTeacher(null), "plain");
    assertEquals(rows.get(0).get("neg"), plain.get(0).get("neg"), "the teacher changes scores, not choices");
    assertTrue(!rows.get(0).get("neg_scores").equals(plain.get(0).get("neg_scores")));
  }

  @Test
  void theCrossEncoderCanBeTheFalseNegativeFiltersTeacher() throws Exception {
    MiningSettings s = MiningSettings.defaults().withSampler("top-k").withN(4).withFormat(TrainingFormat.IDS)
        .withFalseNegatives(FalseNegativeFilter.of("fn-drop(0.5)", "cross-encoder:" + model, 0.05));
    List<JsonNode> rows = mine(s, "fn");
    assertTrue(rows.stream().allMatch(r -> r.get("negatives").size() == 4));
    var e = assertThrows(IllegalArgumentException.class, () -> mine(MiningSettings.defaults()
        .withTeacher("cross-encoder:" + collection), "not-a-model"));
    assertTrue(e.getMessage().contains("not a cross-encoder"), e.getMessage());
  }
}
