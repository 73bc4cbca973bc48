package dev.foil.recsys.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import dev.foil.index.ProgressListener;
import dev.foil.index.ThreadBudget;
import dev.foil.index.vector.TopK;
import dev.foil.samplers.items.UserItems;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Ranks all items for users as LightGCN and SimpleX evaluate: score = u · v for every item (one
 * matrix product per block of users, on the model's device), the user's training items removed, the
 * top K kept (ties to the lower item ordinal). The selection runs on {@link ThreadBudget#threads()}
 * threads.
 */
public final class FullRanking {
  private final NDArray userVectors;
  private final NDArray itemVectors;
  private final UserItems exclude;
  private final int block;

  /**
   * @param userVectors {@code [users, d]}
   * @param itemVectors {@code [items, d]}
   * @param exclude items never ranked for a user (the training interactions)
   * @param block users scored per matrix product
   */
  public FullRanking(NDArray userVectors, NDArray itemVectors, UserItems exclude, int block) {
    if (userVectors.getShape().get(1) != itemVectors.getShape().get(1)) {
      throw new IllegalArgumentException("user and item vectors differ in dimension");
    }
    this.userVectors = userVectors;
    this.itemVectors = itemVectors;
    this.exclude = exclude;
    this.block = block;
  }

  /** The top {@code k} items of each of {@code users}, best first. */
  public int[][] topK(int[] users, int k, ProgressListener progress) {
    int numItems = (int) itemVectors.getShape().get(0);
    int[][] out = new int[users.length][];
    progress.start("rank", users.length, "users");
    NDManager m = userVectors.getManager().newSubManager();
    try (m; ForkJoinPool selections = new ForkJoinPool(ThreadBudget.threads())) {
      NDArray itemsT = itemVectors.transpose();
      for (int start = 0; start < users.length; start += block) {
        int n = Math.min(block, users.length - start);
        int[] ids = new int[n];
        System.arraycopy(users, start, ids, 0, n);
        float[] scores;
        try (NDManager b = m.newSubManager()) {
          NDArray u = Embedding.embedding(b.create(ids), userVectors, SparseFormat.DENSE).head();
          scores = u.matMul(itemsT).toFloatArray();
        }
        int s0 = start;
        selections.submit(() -> IntStream.range(0, n).parallel().forEach(r ->
            out[s0 + r] = select(scores, r * numItems, numItems, ids[r], k))).join();
        progress.advance(n);
      }
    }
    progress.finish();
    return out;
  }

  private int[] select(float[] scores, int base, int numItems, int user, int k) {
    int[] row = exclude.items();
    for (int j = exclude.offsets()[user], e = exclude.offsets()[user + 1]; j < e; j++) {
      scores[base + row[j]] = Float.NEGATIVE_INFINITY;
    }
    return topK(scores, base, numItems, Math.min(k, numItems - exclude.degree(user)));
  }

  /**
   * Indices (relative to {@code base}) of the {@code k} largest of {@code scores[base .. base+n)}, best
   * first, ties to the lower index; −∞ entries are never chosen.
   */
  public static int[] topK(float[] scores, int base, int n, int k) {
    TopK top = new TopK(Math.max(k, 0));
    for (int i = 0; i < n; i++) {
      float s = scores[base + i];
      if (s != Float.NEGATIVE_INFINITY) {
        top.offer(i, s);
      }
    }
    return top.drainRows();
  }
}
