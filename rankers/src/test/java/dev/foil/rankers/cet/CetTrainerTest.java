package dev.foil.rankers.cet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.fusion.CandidatePool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pools drawn from a known world: relevance rises with the first source's score, judging falls with
 * rank, and a candidate is a judged positive with probability s·r. CET must recover both directions.
 */
class CetTrainerTest {
  static List<CandidatePool> world(long seed, int queries, int depth) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<CandidatePool> pools = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      float[] score = new float[depth];
      for (int i = 0; i < depth; i++) {
        score[i] = (float) (rng.nextDouble() * 4 - 2);
      }
      // Rank by a noisy copy of the score, as a retriever would.
      Integer[] order = new Integer[depth];
      double[] noisy = new double[depth];
      for (int i = 0; i < depth; i++) {
        order[i] = i;
        noisy[i] = score[i] + rng.nextDouble() * 2;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(noisy[b], noisy[a]));
      int[] ranks = new int[depth];
      for (int r = 0; r < depth; r++) {
        ranks[order[r]] = r + 1;
      }
      int[] docs = new int[depth];
      List<Integer> positives = new ArrayList<>();
      for (int i = 0; i < depth; i++) {
        docs[i] = q * depth + i;
        double rel = 1 / (1 + Math.exp(-(2.5 * score[i] - 1)));
        double sel = 1 / (1 + Math.exp(-(3 - 1.5 * Math.log1p(ranks[i]))));
        if (rng.nextDouble() < rel * sel) {
          positives.add(docs[i]);
        }
      }
      int[] pos = positives.stream().mapToInt(Integer::intValue).toArray();
      float[][] posScores = new float[1][pos.length];
      int[][] posRanks = new int[1][pos.length];
      for (int j = 0; j < pos.length; j++) {
        posScores[0][j] = score[pos[j] - q * depth];
        posRanks[0][j] = ranks[pos[j] - q * depth];
      }
      pools.add(new CandidatePool("q" + q, List.of("s"), docs, score, new float[][] {score}, new int[][] {ranks}, pos,
          posScores, posRanks));
    }
    return pools;
  }

  @Test
  void recoversThatJudgingFallsWithRankAndRelevanceRisesWithScore(@TempDir Path dir) throws Exception {
    CetTrainer.Result r = CetTrainer.train(world(5, 300, 40), 0, 1000, 8);
    CetModel m = r.model();
    assertTrue(m.alpha()[1] > 0.5, "relevance must rise with score: " + m);
    assertTrue(m.beta()[1] < -0.3, "selection must fall with log rank: " + m);
    double[] ll = r.logLikelihood();
    for (int i = 1; i < ll.length; i++) {
      assertTrue(ll[i] >= ll[i - 1] - 1e-6, "EM never lowers the likelihood: " + java.util.Arrays.toString(ll));
    }
    double[] p = m.pJudged("q", new int[] {1, 2, 3}, new int[] {1, 20, 0});
    assertTrue(p[0] > p[1] && p[1] > p[2], java.util.Arrays.toString(p));

    m.save(dir);
    CetModel back = CetModel.load(dir);
    assertEquals(m.toString(), back.toString());
  }
}
