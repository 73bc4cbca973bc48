package dev.foil.recsys.score;

import ai.djl.ndarray.NDManager;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.foil.index.ProgressListener;
import dev.foil.samplers.items.UserItems;
import dev.foil.train.Devices;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FullRankingTest {

  @Test
  void topKBreaksTiesToTheLowerItemAndSkipsMaskedOnes() {
    float[] s = {0.5f, 0.9f, 0.5f, Float.NEGATIVE_INFINITY, 0.9f, 0.1f};
    assertArrayEquals(new int[] {1, 4, 0, 2}, FullRanking.topK(s, 0, 6, 4));
    assertArrayEquals(new int[] {1, 4, 0, 2, 5}, FullRanking.topK(s, 0, 6, 9));
  }

  @Test
  void matchesBruteForceWithTrainingItemsRemoved() {
    int users = 37;
    int items = 300;
    int d = 8;
    SplittableRandom r = new SplittableRandom(4);
    float[] u = new float[users * d];
    float[] v = new float[items * d];
    for (int k = 0; k < u.length; k++) {
      u[k] = (float) r.nextGaussian();
    }
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) r.nextGaussian();
    }
    int[] us = new int[users * 20];
    int[] is = new int[users * 20];
    for (int k = 0; k < us.length; k++) {
      us[k] = k / 20;
      is[k] = r.nextInt(items);
    }
    UserItems train = UserItems.of(users, items, us, is, us.length);
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      FullRanking ranking = new FullRanking(m.create(u, new ai.djl.ndarray.types.Shape(users, d)),
          m.create(v, new ai.djl.ndarray.types.Shape(items, d)), train, 10);
      int[] which = IntStream.range(0, users).toArray();
      int[][] top = ranking.topK(which, 20, ProgressListener.NONE);
      for (int a = 0; a < users; a++) {
        int user = a;
        int[] expected = IntStream.range(0, items).filter(i -> !train.contains(user, i)).boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -dot(u, user, v, i, d)).thenComparing(i -> i))
            .limit(20).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, top[a], "user " + a);
      }
    }
  }

  private static double dot(float[] u, int a, float[] v, int i, int d) {
    float s = 0;
    for (int k = 0; k < d; k++) {
      s += u[a * d + k] * v[i * d + k];
    }
    return s;
  }
}
