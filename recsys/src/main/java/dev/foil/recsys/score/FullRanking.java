package dev.foil.recsys.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import dev.foil.index.ProgressListener;
import dev.foil.samplers.items.UserItems;
import java.util.stream.IntStream;

/**
 * Ranks all items for users as LightGCN and SimpleX evaluate: score = u · v for every item (one
 * matrix product per block of users, on the model's device), the user's training items removed, the
 * top K kept (ties to the lower item ordinal). The selection runs on all cores.
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
    try (m) {
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
        IntStream.range(0, n).parallel().forEach(r ->
            out[s0 + r] = select(scores, r * numItems, numItems, ids[r], k));
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
    // A bounded min-heap on (score, −index) keeps the k best seen so far.
    int[] heap = new int[Math.max(k, 0)];
    int size = 0;
    for (int i = 0; i < n && k > 0; i++) {
      float s = scores[base + i];
      if (s == Float.NEGATIVE_INFINITY) {
        continue;
      }
      if (size < k) {
        heap[size] = i;
        up(heap, size++, scores, base);
      } else if (better(s, i, scores[base + heap[0]], heap[0])) {
        heap[0] = i;
        down(heap, size, scores, base);
      }
    }
    int[] out = new int[size];
    for (int r = size - 1; r >= 0; r--) {
      out[r] = heap[0];
      heap[0] = heap[--size];
      down(heap, size, scores, base);
    }
    return out;
  }

  private static boolean better(float s, int i, float t, int j) {
    return s > t || (s == t && i < j);
  }

  private static void up(int[] h, int c, float[] s, int base) {
    while (c > 0) {
      int p = (c - 1) >>> 1;
      if (!better(s[base + h[p]], h[p], s[base + h[c]], h[c])) {
        break;
      }
      int t = h[p];
      h[p] = h[c];
      h[c] = t;
      c = p;
    }
  }

  private static void down(int[] h, int size, float[] s, int base) {
    int c = 0;
    while (true) {
      int l = 2 * c + 1;
      if (l >= size) {
        return;
      }
      int w = l + 1 < size && better(s[base + h[l]], h[l], s[base + h[l + 1]], h[l + 1]) ? l + 1 : l;
      if (!better(s[base + h[c]], h[c], s[base + h[w]], h[w])) {
        return;
      }
      int t = h[c];
      h[c] = h[w];
      h[w] = t;
      c = w;
    }
  }
}
