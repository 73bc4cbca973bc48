package dev.foil.rankers.biencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.ProgressListener;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.Encoders;
import dev.foil.index.dense.OnnxEncoder;
import dev.foil.rankers.ToyPairs;
import dev.foil.rankers.biencoder.queue.QueueSettings;
import dev.foil.train.Devices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny CPU runs: queries paired with arbitrary (unrelated) passages, which the pretrained model ranks
 * badly; training must lower the loss and lift the paired passages in rank.
 */
class BiEncoderTrainerTest {
  static BiEncoderSettings settings(int epochs, int checkpointEvery) {
    return new BiEncoderSettings(4, 3, epochs, 2e-4f, 0.1f, 0.01f, 1f, 0.05f, 0.1f, true, 7, checkpointEvery, 0);
  }

  /** Mean 1-based rank of each query's paired passage among all passages. */
  static double meanRank(Encoder enc) {
    float[] q = enc.encodeQueries(List.of(ToyPairs.QUERIES), ProgressListener.NONE);
    float[] p = enc.encodePassages(List.of(ToyPairs.PASSAGES), ProgressListener.NONE);
    int d = enc.dimension();
    double sum = 0;
    for (int i = 0; i < ToyPairs.QUERIES.length; i++) {
      double own = dot(q, i, p, i, d);
      int rank = 1;
      for (int j = 0; j < ToyPairs.PASSAGES.length; j++) {
        if (j != i && dot(q, i, p, j, d) > own) {
          rank++;
        }
      }
      sum += rank;
    }
    return sum / ToyPairs.QUERIES.length;
  }

  static double dot(float[] a, int i, float[] b, int j, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += a[i * d + k] * b[j * d + k];
    }
    return s;
  }

  @Test
  void querySideTrainingLowersLossAndLiftsPairedPassages(@TempDir Path dir) throws Exception {
    EncoderModel base = EncoderModel.resolve("minilm");
    double before;
    float[] djlVectors;
    try (OnnxEncoder zeroShot = new OnnxEncoder(base, 32, 8, 2)) {
      before = meanRank(zeroShot);
      PassageVectors fixed = new PassageVectors(null, zeroShot);
      try (BiEncoderModel model = BiEncoderModel.create(base, BiEncoderModel.Mode.QUERY_SIDE, 12, 16, 32,
          Devices.preferred())) {
        dev.foil.train.TrainingLoop.Result r = new BiEncoderTrainer(model, settings(8, 100), fixed)
            .train(ToyPairs.examples(), dir.resolve("model"), false, ProgressListener.NONE, new BiEncoderTrainer.Hooks() {});
        assertEquals(16, r.steps());
        assertTrue(r.lastLoss() < r.firstLoss() * 0.7, "loss " + r.firstLoss() + " -> " + r.lastLoss());
        djlVectors = model.encode(List.of(ToyPairs.QUERIES), false, 8);
      }
    }
    // The saved model opens through the Encoder SPI and keeps the base's passage cache key.
    try (Encoder trained = Encoders.open(dir.resolve("model").toString(), null, 8, 2);
        OnnxEncoder baseEnc = new OnnxEncoder(base, 32, 8, 2)) {
      assertEquals(baseEnc.cacheKey(), trained.cacheKey());
      // Inference runs the exported ONNX graph on OnnxRuntime: the same vectors as the DJL model.
      float[] onnxVectors = trained.encodeQueries(List.of(ToyPairs.QUERIES), ProgressListener.NONE);
      assertArrayEquals(djlVectors, onnxVectors, 1e-4f);
      double after = meanRank(trained);
      assertTrue(after < before - 0.5, "mean rank of paired passages " + before + " -> " + after);
    }
    List<String> log = Files.readAllLines(dir.resolve("model").resolve("log.jsonl"));
    assertEquals(16, log.stream().filter(l -> l.contains("\"type\":\"step\"")).count());
    assertTrue(new ObjectMapper().readTree(log.get(0)).get("loss").isNumber());
    assertTrue(!Files.exists(dir.resolve("model").resolve("checkpoint")), "checkpoint removed after success");
  }

  @Test
  void resumedRunEndsWithTheSameWeights(@TempDir Path dir) throws Exception {
    assertResumedRunMatches(dir, BiEncoderModel.Mode.QUERY_SIDE, settings(2, 2));
  }

  @Test
  void withAQueueAndTheDualLossToo(@TempDir Path dir) throws Exception {
    assertResumedRunMatches(dir, BiEncoderModel.Mode.QUERY_SIDE, queued(BiEncoderModel.Mode.QUERY_SIDE));
  }

  @Test
  void withAMomentumEncoderInFullMode(@TempDir Path dir) throws Exception {
    assertResumedRunMatches(dir, BiEncoderModel.Mode.FULL, queued(BiEncoderModel.Mode.FULL));
  }

  /** One negative per query, so that each batch leaves passages out and the queue has some to offer. */
  private static BiEncoderSettings queued(BiEncoderModel.Mode mode) {
    return new BiEncoderSettings(4, 1, 2, 2e-4f, 0.1f, 0.01f, 1f, 0.05f, 0.1f, true, 7, 2, 0)
        .with(new QueueSettings(5, 0.9f, "hardest(h=3,margin=0)"), BiEncoderLoss.DUAL);
  }

  @Test
  void theQueueFillsAndItsCountsAreLoggedEveryStep(@TempDir Path dir) throws Exception {
    EncoderModel base = EncoderModel.resolve("minilm");
    try (OnnxEncoder zeroShot = new OnnxEncoder(base, 32, 8, 2);
        BiEncoderModel model = BiEncoderModel.create(base, BiEncoderModel.Mode.QUERY_SIDE, 12, 16, 32, Devices.preferred())) {
      BiEncoderSettings st = new BiEncoderSettings(4, 1, 3, 2e-4f, 0.1f, 0.01f, 1f, 0.05f, 0.1f, true, 7, 100, 0)
          .with(new QueueSettings(5, 0.999f, "hardest(h=2,margin=-2)"), BiEncoderLoss.INFONCE);
      new BiEncoderTrainer(model, st, new PassageVectors(null, zeroShot))
          .train(ToyPairs.examples(), dir, false, ProgressListener.NONE, new BiEncoderTrainer.Hooks() {});
    }
    ObjectMapper json = new ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> events = Files.readAllLines(dir.resolve("log.jsonl")).stream()
        .map(l -> {
          try {
            return json.readTree(l);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).filter(n -> n.get("type").asText().equals("queue")).toList();
    assertEquals(6, events.size(), "one queue line per step");
    assertEquals(0, events.get(0).get("size").asInt(), "empty before the first step's passages enter");
    long kept = 0;
    for (int i = 1; i < events.size(); i++) {
      var e = events.get(i);
      assertEquals(5, e.get("size").asInt(), "8 passages seen fill a queue of 5 after the first step");
      // Every (query, entry) pair is accounted for: 4 queries × 5 entries.
      assertEquals(20, e.get("kept").asLong() + e.get("masked").asLong() + e.get("dropped_false_negatives").asLong()
          + e.get("dropped_easy").asLong(), e.toString());
      assertEquals(0, e.get("dropped_false_negatives").asLong(), "margin −2 lets every entry through");
      assertTrue(e.get("kept").asLong() <= 8, "at most h = 2 per query: " + e);
      kept += e.get("kept").asLong();
    }
    assertTrue(kept > 0, "the queue served some negatives");
  }

  @Test
  void aTeacherLeavesItsFalseNegativesOutBeforeTheFilter(@TempDir Path dir) throws Exception {
    EncoderModel base = EncoderModel.resolve("minilm");
    java.util.Set<String> asked = new java.util.HashSet<>();
    // A teacher that rates every entry a false negative: nothing of the queue may serve.
    dev.foil.samplers.adapt.FalseNegativeEstimator all = (query, positives, candidates) -> {
      asked.add(query.id());
      double[] p = new double[candidates.length];
      java.util.Arrays.fill(p, 1.0);
      return p;
    };
    try (OnnxEncoder zeroShot = new OnnxEncoder(base, 32, 8, 2);
        BiEncoderModel model = BiEncoderModel.create(base, BiEncoderModel.Mode.QUERY_SIDE, 12, 16, 32, Devices.preferred())) {
      BiEncoderSettings st = new BiEncoderSettings(4, 1, 3, 2e-4f, 0.1f, 0.01f, 1f, 0.05f, 0.1f, true, 7, 100, 0)
          .with(new QueueSettings(5, 0.999f, "all"), BiEncoderLoss.INFONCE);
      var teacher = new dev.foil.rankers.biencoder.queue.QueueTeacher(all, id -> Integer.parseInt(id.substring(1)), 0.5);
      new BiEncoderTrainer(model, st, new PassageVectors(null, zeroShot), teacher)
          .train(ToyPairs.examples(), dir, false, ProgressListener.NONE, new BiEncoderTrainer.Hooks() {});
    }
    ObjectMapper json = new ObjectMapper();
    long byTeacher = 0;
    for (String line : Files.readAllLines(dir.resolve("log.jsonl"))) {
      var e = json.readTree(line);
      if (e.get("type").asText().equals("queue") && e.get("size").asInt() > 0) {
        assertEquals(0, e.get("kept").asLong(), e.toString());
        assertEquals(20, e.get("masked").asLong() + e.get("dropped_by_teacher").asLong(), e.toString());
        byTeacher += e.get("dropped_by_teacher").asLong();
      }
    }
    assertTrue(byTeacher > 0, "the teacher judged the queue's entries");
    assertEquals(ToyPairs.examples().stream().map(x -> x.queryId()).collect(java.util.stream.Collectors.toSet()), asked,
        "every training query was judged by its id");
  }

  /** An uninterrupted run and one killed after its first epoch and resumed end with the same weights. */
  private static void assertResumedRunMatches(Path dir, BiEncoderModel.Mode mode, BiEncoderSettings st)
      throws Exception {
    EncoderModel base = EncoderModel.resolve("minilm");
    try (OnnxEncoder zeroShot = new OnnxEncoder(base, 32, 8, 2)) {
      PassageVectors fixed = mode == BiEncoderModel.Mode.QUERY_SIDE ? new PassageVectors(null, zeroShot) : null;
      float[] straight;
      try (BiEncoderModel model = BiEncoderModel.create(base, mode, 12, 16, 32, Devices.preferred())) {
        new BiEncoderTrainer(model, st, fixed)
            .train(ToyPairs.examples(), dir.resolve("a"), false, ProgressListener.NONE, new BiEncoderTrainer.Hooks() {});
        straight = model.encode(List.of(ToyPairs.QUERIES), false, 8);
      }
      // Interrupted after 2 of 4 steps: the checkpoint of step 2 stays behind.
      Path out = dir.resolve("b");
      try (BiEncoderModel model = BiEncoderModel.create(base, mode, 12, 16, 32, Devices.preferred())) {
        BiEncoderTrainer.Hooks stopAtEpochEnd = new BiEncoderTrainer.Hooks() {
          int calls;

          @Override
          public java.util.Map<String, Double> evaluate(BiEncoderModel m) {
            if (++calls == 2) { // the first call evaluates before training, the second ends epoch 1
              throw new IllegalStateException("interrupted");
            }
            return java.util.Map.of("calls", (double) calls);
          }
        };
        try {
          new BiEncoderTrainer(model, st, fixed).train(ToyPairs.examples(), out, false, ProgressListener.NONE, stopAtEpochEnd);
        } catch (IllegalStateException expected) {
          // the first epoch's checkpoint was written before the evaluation failed
        }
      }
      Path ckpt = out.resolve("checkpoint");
      assertTrue(Files.exists(ckpt.resolve("state.json")));
      assertEquals(st.queue().enabled(), Files.exists(ckpt.resolve(BiEncoderTrainer.QUEUE_FILE)), "the queue is checkpointed");
      assertEquals(st.queue().enabled() && mode == BiEncoderModel.Mode.FULL,
          Files.exists(ckpt.resolve(BiEncoderTrainer.MOMENTUM_FILE)), "the momentum encoder is checkpointed in full mode");
      try (BiEncoderModel model = BiEncoderModel.create(base, mode, 12, 16, 32, Devices.preferred())) {
        dev.foil.train.TrainingLoop.Result r = new BiEncoderTrainer(model, st, fixed)
            .train(ToyPairs.examples(), out, true, ProgressListener.NONE, new BiEncoderTrainer.Hooks() {});
        assertEquals(2, r.resumedFromStep());
        float[] resumed = model.encode(List.of(ToyPairs.QUERIES), false, 8);
        // On failure, both training logs: a step retried or skipped in one run only shows there.
        assertArrayEquals(straight, resumed, 1e-5f, () -> "training logs, uninterrupted then interrupted and resumed:\n"
            + log(dir.resolve("a")) + "---\n" + log(out));
      }
    }
  }

  private static String log(Path run) {
    try {
      return Files.readString(run.resolve("log.jsonl"));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
