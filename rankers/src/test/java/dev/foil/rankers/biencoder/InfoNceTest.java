package dev.foil.rankers.biencoder;

import ai.djl.ndarray.NDManager;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.foil.samplers.format.Passage;
import dev.foil.train.Devices;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InfoNceTest {
  static final float M = -1e9f;

  @Test
  void biasMasksOtherQueriesPositivesThatAreOwnPositivesAndHonoursWeights() {
    // Query 0 has positives a and c; query 1 has positive c (the same passage judged for both).
    List<Passage> cands = List.of(new Passage("a", "A", 1), new Passage("c", "C", 1), new Passage("n0", "N0", 0.5),
        new Passage("n1", "N1", 0), new Passage("n2", "N2", 1));
    int[] owner = {0, 1, 0, 0, 1};
    List<Set<String>> pos = List.of(Set.of("id:a", "id:c"), Set.of("id:c"));
    float[] b = InfoNce.bias(cands, owner, pos, true);
    // Row 0: own positive 0; c is its positive too -> masked; n0 weight 0.5 -> log 0.5; n1 weight 0 -> masked; n2 in-batch 0.
    assertEquals(0f, b[0]);
    assertEquals(M, b[1]);
    assertEquals((float) Math.log(0.5), b[2], 1e-6);
    assertEquals(M, b[3]);
    assertEquals(0f, b[4]);
    // Row 1: a is another query's positive -> in-batch negative; c is its own positive.
    assertEquals(0f, b[5]);
    assertEquals(0f, b[6]);
    // Without in-batch negatives, the other query's candidates are masked.
    float[] noBatch = InfoNce.bias(cands, owner, pos, false);
    assertEquals(M, noBatch[4]);
    assertEquals(M, noBatch[5]);
  }

  @Test
  void lossIsTheSoftmaxCrossEntropyOfThePositive() {
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      // One query, two candidates: s⁺ = 0.5, s⁻ = 0.1, τ = 0.1 → L = −log(e^5 / (e^5 + e^1)) = log(1 + e^-4).
      var q = m.create(new float[] {1, 0}, new Shape(1, 2));
      var p = m.create(new float[] {0.5f, 0.3f, 0.1f, 0.2f}, new Shape(2, 2));
      float loss = InfoNce.loss(q, p, new float[] {0, 0}, 0.1f).getFloat();
      assertEquals(Math.log1p(Math.exp(-4)), loss, 1e-5);
      // A negative of weight w adds log w to its logit: w = e² makes it count as e^3.
      float weighted = InfoNce.loss(q, p, new float[] {0, 2}, 0.1f).getFloat();
      assertEquals(Math.log1p(Math.exp(-2)), weighted, 1e-5);
    }
  }

  /** −log softmax(logits)[target]. */
  private static double nll(double[] logits, int target) {
    double sum = 0;
    for (double l : logits) {
      sum += Math.exp(l);
    }
    return Math.log(sum) - logits[target];
  }

  @Test
  void dualLossAveragesInfoNceWithTheKeyToQueryDirection() {
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      // Two queries, their positives p0 and p1, and a mined negative n0 of query 0; τ = 0.5.
      float[] qv = {1, 0, 0, 1};
      float[] cv = {0.6f, 0.8f, 0.8f, 0.6f, 0f, 0.5f};
      var q = m.create(qv, new Shape(2, 2));
      var c = m.create(cv, new Shape(3, 2));
      List<Passage> cands = List.of(new Passage("p0", "P0", 1), new Passage("p1", "P1", 1), new Passage("n0", "N0", 1));
      List<Set<String>> pos = List.of(Set.of("id:p0"), Set.of("id:p1"));
      float[] bias = InfoNce.bias(cands, new int[] {0, 1, 0}, pos, true);
      float[] reverse = InfoNce.reverseBias(cands.subList(0, 2), pos);
      // Query → key: row 0 = (0.6, 0.8, 0)/τ, target 0; row 1 = (0.8, 0.6, 0.5)/τ, target 1.
      double qk = (nll(new double[] {1.2, 1.6, 0}, 0) + nll(new double[] {1.6, 1.2, 1.0}, 1)) / 2;
      // Key → query: p0 against (q0, q1) = (0.6, 0.8)/τ, target 0; p1 = (0.8, 0.6)/τ, target 1.
      double kq = (nll(new double[] {1.2, 1.6}, 0) + nll(new double[] {1.6, 1.2}, 1)) / 2;
      assertEquals(qk, InfoNce.loss(q, c, bias, 0.5f).getFloat(), 1e-5);
      assertEquals((qk + kq) / 2, InfoNce.dualLoss(q, c, bias, reverse, 0.5f).getFloat(), 1e-5);
      assertTrue(Math.abs(kq - qk) > 0.05, "the example tells the two directions apart");
    }
  }

  @Test
  void theKeyToQueryDirectionMasksQueriesThatShareThePositive() {
    List<Passage> positives = List.of(new Passage("a", "A", 1), new Passage("b", "B", 1));
    // Query 1 is judged relevant to a as well: a must not be pushed away from it.
    float[] r = InfoNce.reverseBias(positives, List.of(Set.of("id:a"), Set.of("id:b", "id:a")));
    assertEquals(0f, r[0]);
    assertEquals(M, r[1]);
    assertEquals(0f, r[2]);
    assertEquals(0f, r[3]);
  }

  @Test
  void queueEntriesJoinAsCandidatesWhereKeptAndMaskedElsewhere() {
    float[] bias = {0, 1, 2, 3};
    float[] all = InfoNce.withQueue(bias, 2, 2, new boolean[] {true, false, false, true}, 2);
    assertArrayEquals(new float[] {0, 1, 0, M, 2, 3, M, 0}, all);
  }
}
