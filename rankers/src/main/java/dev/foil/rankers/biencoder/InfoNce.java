package dev.foil.rankers.biencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.foil.samplers.format.Passage;
import java.util.List;
import java.util.Set;
import dev.foil.train.GraphScalar;

/**
 * The contrastive loss of dense-retrieval training (InfoNCE; van den Oord et al., 2018; as used by DPR,
 * Karpukhin et al., EMNLP 2020, and SimANS, Zhou et al., EMNLP 2022): for query i with positive p_i,
 *
 * <pre>L_i = −log( e^{s(q_i,p_i)/τ} / ( e^{s(q_i,p_i)/τ} + Σ_j w_ij e^{s(q_i,c_j)/τ} ) )</pre>
 *
 * over the query's own mined negatives, weighted by the sampler's weights w (w = 0 drops a negative),
 * and, with in-batch negatives, every other query's positive and negatives at weight 1. Candidates that
 * are a positive of query i (the same passage judged for two queries, or a duplicate of its own positive)
 * are masked out rather than pushed away. A queue of earlier passages adds further candidates
 * ({@link #withQueue}); the dual-view loss adds the key→query direction ({@link #dualLoss}).
 */
public final class InfoNce {
  private static final float MASKED = -1e9f;

  private InfoNce() {}

  /**
   * The additive bias of each (query, candidate) logit: 0 for the positive and ordinary negatives,
   * log w for a weighted own negative, −∞ (a large negative number) for masked candidates.
   *
   * @param candidates the batch's candidates: the B positives first (candidate i is query i's), then
   *     every query's negatives
   * @param owner for each candidate, the query it was mined for
   * @param positiveKeys for each query, the {@link Passage#key()} of all its judged positives
   * @return [B × C] row-major
   */
  public static float[] bias(List<Passage> candidates, int[] owner, List<Set<String>> positiveKeys, boolean inBatch) {
    int b = positiveKeys.size();
    int c = candidates.size();
    float[] bias = new float[b * c];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < c; j++) {
        Passage p = candidates.get(j);
        float v;
        if (j == i) {
          v = 0;
        } else if (positiveKeys.get(i).contains(p.key())) {
          v = MASKED;
        } else if (owner[j] == i) {
          v = p.weight() == 0 ? MASKED : (float) Math.log(p.weight());
        } else {
          v = inBatch ? 0 : MASKED;
        }
        bias[i * c + j] = v;
      }
    }
    return bias;
  }

  /**
   * The bias with a queue's entries appended as further candidates: {@code [B × (C + n)]}, each entry 0
   * where {@code kept} marks it a negative of the query, masked elsewhere.
   *
   * @param bias from {@link #bias}, {@code [B × C]}
   * @param kept {@code [B × n]}, row-major
   */
  public static float[] withQueue(float[] bias, int b, int c, boolean[] kept, int n) {
    float[] out = new float[b * (c + n)];
    for (int i = 0; i < b; i++) {
      System.arraycopy(bias, i * c, out, i * (c + n), c);
      for (int j = 0; j < n; j++) {
        out[i * (c + n) + c + j] = kept[i * n + j] ? 0 : MASKED;
      }
    }
    return out;
  }

  /**
   * The bias of the key→query direction ({@link BiEncoderLoss#DUAL}): positive i against the batch's
   * queries, query i its own; a query that has positive i among its judged positives too is masked.
   *
   * @param positives the batch's positives, positive i query i's
   * @return [B × B] row-major
   */
  public static float[] reverseBias(List<Passage> positives, List<Set<String>> positiveKeys) {
    int b = positiveKeys.size();
    float[] bias = new float[b * b];
    for (int i = 0; i < b; i++) {
      String key = positives.get(i).key();
      for (int j = 0; j < b; j++) {
        bias[i * b + j] = j != i && positiveKeys.get(j).contains(key) ? MASKED : 0;
      }
    }
    return bias;
  }

  /**
   * The dual-view loss: the mean of {@link #loss} (queries → candidates) and its key→query direction
   * (each positive → the batch's queries; Hoang et al., arXiv:2501.16360, 2025, §III-A).
   *
   * @param candidates as for {@link #loss}; its first B rows are the queries' positives
   * @param reverseBias from {@link #reverseBias}
   */
  public static NDArray dualLoss(NDArray queries, NDArray candidates, float[] bias, float[] reverseBias,
      float temperature) {
    long b = queries.getShape().get(0);
    NDArray keys = candidates.get(new ai.djl.ndarray.index.NDIndex("0:" + b));
    return loss(queries, candidates, bias, temperature).add(loss(keys, queries, reverseBias, temperature))
        .div(GraphScalar.of(queries, 2f));
  }

  /**
   * Mean InfoNCE loss; query i's positive is candidate i.
   *
   * @param queries [B, D] unit query vectors
   * @param candidates [C, D] unit passage vectors
   * @param bias from {@link #bias}
   */
  public static NDArray loss(NDArray queries, NDArray candidates, float[] bias, float temperature) {
    long b = queries.getShape().get(0);
    long c = candidates.getShape().get(0);
    NDManager m = queries.getManager();
    NDArray logits = queries.matMul(candidates.transpose()).div(GraphScalar.of(queries, temperature)).add(m.create(bias, new Shape(b, c)));
    float[] onehot = new float[(int) (b * c)];
    for (int i = 0; i < b; i++) {
      onehot[(int) (i * c + i)] = 1f;
    }
    return logits.logSoftmax(1).mul(m.create(onehot, new Shape(b, c))).sum(new int[] {1}).neg().mean();
  }
}
