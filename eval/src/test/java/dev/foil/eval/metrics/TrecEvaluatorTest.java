package dev.foil.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Qrels;
import dev.foil.index.run.Run;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. Each expected value was also checked against trec_eval 9.0.4 on the same
 * files (see docs/BM25.md), e.g. {@code trec_eval -q -m ndcg_cut.10 qrels run} printing 0.6697 for
 * the tie case.
 */
class TrecEvaluatorTest {
  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  private static Run run(Object... qidDocScore) {
    Map<String, List<Run.Entry>> m = new LinkedHashMap<>();
    for (int i = 0; i < qidDocScore.length; i += 3) {
      m.computeIfAbsent((String) qidDocScore[i], k -> new java.util.ArrayList<>())
          .add(new Run.Entry((String) qidDocScore[i + 1], ((Number) qidDocScore[i + 2]).doubleValue()));
    }
    return Run.of(m);
  }

  private static Evaluation eval(String metrics, Qrels qrels, Run run) {
    return new TrecEvaluator(Metric.parseList(metrics)).evaluate(qrels, run);
  }

  @Test
  void tiesAreBrokenByDocumentIdDescendingLikeTrecEval() {
    Qrels qrels = Qrels.builder().add("q1", "a", 1).add("q1", "b", 2).add("q1", "c", 0).build();
    // a and b tie at 4.0; trec_eval ranks b (the larger id) first: c, b, a, e.
    Run r = run("q1", "c", 5.0, "q1", "a", 4.0, "q1", "b", 4.0, "q1", "e", 3.0);
    Evaluation e = eval("ndcg@10,map,rr,recall@2,p@2", qrels, r);
    double dcg = 2 / LOG2_3 + 1 / 2.0;
    double idcg = 2 + 1 / LOG2_3;
    assertEquals(dcg / idcg, e.mean("ndcg@10"), 1e-12);
    assertEquals("0.6697", String.format("%.4f", e.mean("ndcg@10")));
    assertEquals((1 / 2.0 + 2 / 3.0) / 2, e.mean("map"), 1e-12);
    assertEquals(0.5, e.mean("rr"), 1e-12);
    assertEquals(0.5, e.mean("recall@2"), 1e-12);
    assertEquals(0.5, e.mean("p@2"), 1e-12);
  }

  @Test
  void rankColumnAndFileOrderAreIgnored() {
    Qrels qrels = Qrels.builder().add("q1", "a", 1).build();
    Evaluation sorted = eval("rr", qrels, run("q1", "b", 2.0, "q1", "a", 1.0));
    Evaluation shuffled = eval("rr", qrels, run("q1", "a", 1.0, "q1", "b", 2.0));
    assertEquals(0.5, sorted.mean("rr"));
    assertEquals(0.5, shuffled.mean("rr"));
  }

  @Test
  void gradedGainsAreLinearAndNegativeGradesGainNothing() {
    Qrels qrels = Qrels.builder().add("q1", "a", -1).add("q1", "b", 3).add("q1", "c", 1).add("q1", "d", 1).build();
    Run r = run("q1", "a", 5.0, "q1", "c", 4.0, "q1", "x", 3.0);
    Evaluation e = eval("ndcg@2,ndcg,p@5,recall@10,map", qrels, r);
    assertEquals((1 / LOG2_3) / (3 + 1 / LOG2_3), e.mean("ndcg@2"), 1e-12); // trec_eval: 0.1738
    assertEquals((1 / LOG2_3) / (3 + 1 / LOG2_3 + 1 / 2.0), e.mean("ndcg"), 1e-12); // 0.1527
    assertEquals(0.2, e.mean("p@5"), 1e-12);
    assertEquals(1 / 3.0, e.mean("recall@10"), 1e-12);
    assertEquals((1 / 2.0) / 3, e.mean("map"), 1e-12);
  }

  @Test
  void queriesWithOnlyNonRelevantJudgmentsCountAsZero() {
    Qrels qrels = Qrels.builder().add("q1", "a", 1).add("q2", "x", 0).build();
    Run r = run("q1", "a", 1.0, "q2", "x", 1.0, "q2", "y", 0.5);
    Evaluation e = eval("ndcg@10,map,recall@10", qrels, r);
    assertEquals(2, e.queries());
    assertEquals(0.0, e.value("q2", Metric.parse("ndcg@10")));
    assertEquals(0.5, e.mean("ndcg@10"), 1e-12);
    assertEquals(0.5, e.mean("map"), 1e-12);
  }

  @Test
  void judgedQueriesMissingFromTheRunCountAsZeroAndUnjudgedRunQueriesAreIgnored() {
    Qrels qrels = Qrels.builder().add("q1", "a", 1).add("q3", "z", 1).add("q4", "d", 1).build();
    Run r = run("q1", "a", 1.0, "q5", "d", 1.0);
    Evaluation e = eval("ndcg@10,map", qrels, r);
    assertEquals(3, e.queries());
    assertEquals(2, e.queriesMissingFromRun());
    assertEquals(1 / 3.0, e.mean("ndcg@10"), 1e-12);
    assertEquals(1 / 3.0, e.mean("map"), 1e-12);
  }

  @Test
  void emptyRunScoresZeroEverywhere() {
    Qrels qrels = Qrels.builder().add("q1", "a", 2).build();
    Evaluation e = eval("ndcg@10,rr@10,recall@100,map,p@10", qrels, Run.of(Map.of()));
    for (double m : e.means()) {
      assertEquals(0.0, m);
    }
  }

  @Test
  void cutoffsApplyToReciprocalRankPrecisionAndAveragePrecision() {
    Qrels qrels = Qrels.builder().add("q1", "r", 1).add("q1", "s", 1).build();
    Object[] lines = new Object[3 * 12];
    for (int i = 0; i < 12; i++) {
      lines[3 * i] = "q1";
      lines[3 * i + 1] = i == 10 ? "r" : "n" + i;
      lines[3 * i + 2] = 100.0 - i;
    }
    Evaluation e = eval("rr@10,rr,p@20,map@10,map,recall@10,recall@11", qrels, run(lines));
    assertEquals(0.0, e.mean("rr@10"));
    assertEquals(1 / 11.0, e.mean("rr"), 1e-12);
    assertEquals(1 / 20.0, e.mean("p@20"), 1e-12); // denominator is the cutoff, not the run length
    assertEquals(0.0, e.mean("map@10"));
    assertEquals((1 / 11.0) / 2, e.mean("map"), 1e-12);
    assertEquals(0.0, e.mean("recall@10"));
    assertEquals(0.5, e.mean("recall@11"), 1e-12);
  }

  @Test
  void metricNamesParseAndRoundTrip() {
    assertEquals(new Metric(Metric.Kind.RR, 10), Metric.parse("MRR@10"));
    assertEquals("ndcg_cut.10", Metric.parse("ndcg@10").trecEvalName());
    for (String n : List.of("ndcg@10", "ndcg", "rr@10", "recall@100", "map", "map@100", "p@5")) {
      assertEquals(n, Metric.parse(n).name());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Metric.parse("ndgc@10")).getMessage().contains("ndgc@10"));
    assertThrows(IllegalArgumentException.class, () -> Metric.parse("recall"));
    assertThrows(IllegalArgumentException.class, () -> Metric.parse("p@0"));
    assertThrows(IllegalArgumentException.class, () -> Metric.parse("ndcg@x"));
  }
}
