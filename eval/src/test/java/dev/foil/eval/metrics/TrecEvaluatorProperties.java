package dev.foil.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Qrels;
import dev.foil.index.run.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the metrics over random judgments and rankings. */
class TrecEvaluatorProperties {
  private static final List<Metric> METRICS =
      Metric.parseList("ndcg@5,ndcg,rr@10,rr,recall@5,recall@20,map,map@5,p@5");

  private record Case(Map<String, Integer> judgments, List<Run.Entry> ranking) {}

  private static Case randomCase(long seed, int docs) {
    Random rng = new Random(seed);
    Map<String, Integer> judgments = new HashMap<>();
    List<Run.Entry> ranking = new ArrayList<>();
    for (int d = 0; d < docs; d++) {
      String id = "d" + d;
      if (rng.nextInt(3) == 0) {
        judgments.put(id, rng.nextInt(5) - 1);
      }
      if (rng.nextInt(4) != 0) {
        ranking.add(new Run.Entry(id, rng.nextInt(6))); // few distinct scores: many ties
      }
    }
    return new Case(judgments, ranking);
  }

  @Property
  void everyMetricIsBetweenZeroAndOne(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int docs) {
    Case c = randomCase(seed, docs);
    for (double v : new TrecEvaluator(METRICS).evaluateQuery(c.judgments(), c.ranking())) {
      assertTrue(v >= 0 && v <= 1 + 1e-12, "value " + v);
    }
  }

  @Property
  void lineOrderNeverMatters(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int docs) {
    Case c = randomCase(seed, docs);
    List<Run.Entry> shuffled = new ArrayList<>(c.ranking());
    Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));
    TrecEvaluator e = new TrecEvaluator(METRICS);
    assertArrayEquals(e.evaluateQuery(c.judgments(), c.ranking()), e.evaluateQuery(c.judgments(), shuffled));
  }

  @Property
  void recallGrowsWithTheCutoff(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int docs) {
    Case c = randomCase(seed, docs);
    TrecEvaluator e = new TrecEvaluator(Metric.parseList("recall@1,recall@5,recall@10,recall@40"));
    double[] v = e.evaluateQuery(c.judgments(), c.ranking());
    for (int i = 1; i < v.length; i++) {
      assertTrue(v[i] >= v[i - 1]);
    }
  }

  @Property
  void theIdealRankingHasNdcgOne(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int docs) {
    Case c = randomCase(seed, docs);
    if (c.judgments().values().stream().noneMatch(g -> g > 0)) {
      return;
    }
    List<Map.Entry<String, Integer>> byGrade = new ArrayList<>(c.judgments().entrySet());
    byGrade.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    List<Run.Entry> ideal = new ArrayList<>();
    for (int i = 0; i < byGrade.size(); i++) {
      ideal.add(new Run.Entry(byGrade.get(i).getKey(), byGrade.size() - i));
    }
    double[] v = new TrecEvaluator(Metric.parseList("ndcg@5,ndcg,map,rr")).evaluateQuery(c.judgments(), ideal);
    for (double x : v) {
      assertEquals(1.0, x, 1e-12);
    }
  }

  @Property
  void meanIsTheAverageOverJudgedQueries(@ForAll long seed) {
    Random rng = new Random(seed);
    Qrels.Builder qb = Qrels.builder();
    Map<String, List<Run.Entry>> runs = new HashMap<>();
    int n = 1 + rng.nextInt(8);
    for (int q = 0; q < n; q++) {
      String qid = "q" + q;
      Case c = randomCase(rng.nextLong(), 20);
      c.judgments().forEach((d, g) -> qb.add(qid, d, g));
      if (c.judgments().isEmpty()) {
        qb.add(qid, "only", 0);
      }
      runs.put(qid, c.ranking());
    }
    Qrels qrels = qb.build();
    Evaluation e = new TrecEvaluator(METRICS).evaluate(qrels, Run.of(runs));
    for (int m = 0; m < METRICS.size(); m++) {
      double sum = 0;
      for (double[] v : e.perQuery().values()) {
        sum += v[m];
      }
      assertEquals(sum / n, e.means()[m], 1e-12);
    }
  }
}
