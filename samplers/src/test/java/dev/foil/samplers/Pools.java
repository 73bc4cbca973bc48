package dev.foil.samplers;

import dev.foil.index.fusion.CandidatePool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Random candidate pools for tests: two sources, some positives inside the pool, scores in [0, 1]. */
final class Pools {
  private Pools() {}

  static CandidatePool random(long seed, int corpus, int poolSize, int positives) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] perm = new int[corpus];
    for (int i = 0; i < corpus; i++) {
      perm[i] = i;
    }
    for (int i = corpus - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int m = Math.min(poolSize, corpus - 1);
    int[] docs = Arrays.copyOf(perm, m);
    float[][] scores = new float[2][m];
    int[][] ranks = new int[2][m];
    for (int s = 0; s < 2; s++) {
      Integer[] order = new Integer[m];
      for (int i = 0; i < m; i++) {
        scores[s][i] = (float) r.nextDouble();
        order[i] = i;
      }
      final int src = s;
      Arrays.sort(order, (a, b) -> Float.compare(scores[src][b], scores[src][a]));
      for (int k = 0; k < m; k++) {
        if (r.nextInt(5) != 0) {
          ranks[s][order[k]] = k + 1;
        }
      }
    }
    float[] fused = new float[m];
    int np = Math.max(1, Math.min(positives, m));
    // Some positives come from inside the pool (they must be removed), one from outside.
    List<Integer> pos = new ArrayList<>();
    for (int i = 0; i < np - 1; i++) {
      pos.add(docs[r.nextInt(m)]);
    }
    pos.add(perm[m]);
    int[] p = pos.stream().distinct().mapToInt(Integer::intValue).toArray();
    float[][] ps = new float[2][p.length];
    int[][] pr = new int[2][p.length];
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < p.length; i++) {
        ps[s][i] = (float) (0.5 + 0.5 * r.nextDouble());
      }
    }
    return new CandidatePool("q" + seed, List.of("bm25", "dense"), docs, fused, scores, ranks, p, ps, pr);
  }

  /**
   * One source ({@code dense}): docs 0..m−1 scored 1, 1 − 1/m, …, ranked in that order; one positive,
   * doc 50 (so m ≤ 50), scored {@code positiveScore} and not retrieved.
   */
  static CandidatePool descending(int m, float positiveScore) {
    int[] docs = new int[m];
    float[] scores = new float[m];
    int[] ranks = new int[m];
    for (int i = 0; i < m; i++) {
      docs[i] = i;
      scores[i] = 1f - i / (float) m;
      ranks[i] = i + 1;
    }
    return new CandidatePool("q", List.of("dense"), docs, new float[m], new float[][] {scores}, new int[][] {ranks},
        new int[] {50}, new float[][] {{positiveScore}}, new int[][] {{0}});
  }
}
