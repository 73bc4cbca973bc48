package dev.foil.rankers.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.run.Run;
import dev.foil.rankers.ToyPairs;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny listwise run on CPU: the loss falls, paired passages rise, and OnnxRuntime serves the same scores. */
class RerankerTest {
  static final String[] Q = ToyPairs.QUERIES;
  static final String[] P = ToyPairs.PASSAGES;

  /** Mean rank of each query's paired passage among all passages under the scorer. */
  static double meanRank(java.util.function.BiFunction<List<String>, List<String>, float[]> scorer) {
    double sum = 0;
    for (int i = 0; i < Q.length; i++) {
      List<String> qs = new ArrayList<>();
      for (int j = 0; j < P.length; j++) {
        qs.add(Q[i]);
      }
      float[] s = scorer.apply(qs, List.of(P));
      int rank = 1;
      for (int j = 0; j < P.length; j++) {
        rank += j != i && s[j] > s[i] ? 1 : 0;
      }
      sum += rank;
    }
    return sum / Q.length;
  }

  @Test
  void listwiseTrainingLiftsPairedPassagesAndOnnxServesTheSameScores(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("reranker");
    double before;
    float[] djl;
    try (CrossEncoderModel model = CrossEncoderModel.create(EncoderModel.resolve("minilm"), 12, 32, 3, Devices.preferred())) {
      before = meanRank((q, p) -> model.score(q, p, 8));
      RerankerSettings s = new RerankerSettings(4, 3, 8, 2e-4f, 0.1f, 0.01f, 1f, 0.1f, 3, 100);
      TrainingLoop.Result r = new RerankerTrainer(model, s)
          .train(ToyPairs.examples(), out, false, ProgressListener.NONE, m -> Map.of());
      assertEquals(16, r.steps());
      assertTrue(r.lastLoss() < r.firstLoss() * 0.7, "loss " + r.firstLoss() + " -> " + r.lastLoss());
      djl = model.score(List.of(Q), List.of(P), 8);
    }
    try (OnnxCrossEncoder served = OnnxCrossEncoder.open(out, 8, 2)) {
      assertArrayEquals(djl, served.score(List.of(Q), List.of(P)), 1e-3f);
      double after = meanRank(served::score);
      assertTrue(after < before - 1 && after <= 1.5, "mean rank of paired passages " + before + " -> " + after);

      // Reranking a run reorders its top k by the reranker and drops the rest.
      Map<String, List<Run.Entry>> first = new LinkedHashMap<>();
      List<Run.Entry> entries = new ArrayList<>();
      for (int j = 0; j < P.length; j++) {
        entries.add(new Run.Entry("d" + j, -j)); // d0 first, paired d2 third
      }
      first.put("q2", entries);
      Map<String, String> docs = new HashMap<>();
      for (int j = 0; j < P.length; j++) {
        docs.put("d" + j, P[j]);
      }
      Run reranked = new RunReranker(served, 5).rerank(Run.of(first), Map.of("q2", Q[2]), docs::get, ProgressListener.NONE);
      assertEquals(5, reranked.ranking("q2").size());
      assertEquals("d2", reranked.ranking("q2").get(0).docId());
    }
  }

  @Test
  void interpolationMovesFromTheFirstStageToTheReranker() {
    // The reranker reverses the first stage; λ = 0 keeps the first-stage order, λ = 1 the reranker's,
    // and λ = 0.5 ties every pair's standardised scores (ties broken by document id).
    PairScorer reversed = new PairScorer() {
      @Override
      public float[] score(List<String> queries, List<String> passages) {
        float[] s = new float[passages.size()];
        for (int i = 0; i < s.length; i++) {
          s[i] = Integer.parseInt(passages.get(i));
        }
        return s;
      }

      @Override
      public void close() {}
    };
    Map<String, List<Run.Entry>> first = Map.of("q", List.of(new Run.Entry("a", 3), new Run.Entry("b", 2),
        new Run.Entry("c", 1)));
    Map<String, String> docs = Map.of("a", "1", "b", "2", "c", "3");
    java.util.function.DoubleFunction<List<String>> order = lambda -> new RunReranker(reversed, 3, lambda)
        .rerank(Run.of(first), Map.of("q", "x"), docs::get, ProgressListener.NONE).ranking("q").stream()
        .map(Run.Entry::docId).toList();
    assertEquals(List.of("a", "b", "c"), order.apply(0));
    assertEquals(List.of("c", "b", "a"), order.apply(1));
    assertEquals(List.of("a", "b", "c"), order.apply(0.5));
  }
}
