package dev.foil.samplers.retrieval;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/** Uniform draws of distinct corpus ordinals outside an excluded set: random negatives and top-ups. */
public final class CorpusDraw {
  private CorpusDraw() {}

  /**
   * Up to {@code n} distinct ordinals in {@code [0, corpusSize)}, none excluded and none in
   * {@code taken}; fewer only when the corpus has fewer such documents. Memory and work are bounded
   * by the corpus, not by {@code n}.
   */
  public static int[] draw(int corpusSize, IntPredicate excluded, int[] taken, int n, SplittableRandom rng) {
    Set<Integer> used = new HashSet<>();
    for (int t : taken) {
      used.add(t);
    }
    n = Math.min(n, corpusSize); // no more distinct documents exist; a huge n must not allocate n slots
    int[] out = new int[n];
    int k = 0;
    // Rejection sampling: cheap while few documents are excluded; a bounded number of tries then a scan.
    long tries = 0;
    while (k < n && tries < 20L * n + 100) {
      tries++;
      int d = rng.nextInt(corpusSize);
      if (!excluded.test(d) && used.add(d)) {
        out[k++] = d;
      }
    }
    if (k < n) {
      int start = rng.nextInt(corpusSize);
      for (int i = 0; i < corpusSize && k < n; i++) {
        int d = (start + i) % corpusSize;
        if (!excluded.test(d) && used.add(d)) {
          out[k++] = d;
        }
      }
    }
    return Arrays.copyOf(out, k);
  }
}
