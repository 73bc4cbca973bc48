package dev.foil.rankers.fn;

/**
 * The features the learned false-negative adapter reads for one (query, candidate) pair, from frozen
 * bi-encoder vectors: the element-wise product q ⊙ d (the bi-encoder's representation of the match),
 * then six scalars — the cosine s(q,d); its gap to the query's best judged positive s(q,d) − max_p s(q,p);
 * the candidate's highest and mean cosine with the judged positives (near-duplicates and paraphrases
 * of a positive are the typical false negatives); whether any positive is known; and the candidate's
 * relative rank by s(q,·) among the query's candidates, (rank − 1)/(n − 1), which does not depend on how
 * many candidates a query has.
 */
public final class FnFeatures {
  /** Scalars after the product block. */
  public static final int SCALARS = 6;

  private FnFeatures() {}

  /** Feature width for vectors of dimension {@code d}. */
  public static int width(int d) {
    return d + SCALARS;
  }

  /**
   * Feature rows of {@code candidates}.
   *
   * @param q the query vector (unit length)
   * @param positives the known positives' vectors, row-major (may be empty)
   * @param candidates the candidates' vectors, row-major
   * @return {@code n × width(d)} row-major
   */
  public static float[] rows(float[] q, float[] positives, float[] candidates, int d) {
    int n = candidates.length / d;
    int np = positives.length / d;
    int w = width(d);
    float[] out = new float[n * w];
    double bestPos = Double.NEGATIVE_INFINITY;
    for (int p = 0; p < np; p++) {
      bestPos = Math.max(bestPos, dot(q, 0, positives, p * d, d));
    }
    double[] cos = new double[n];
    for (int i = 0; i < n; i++) {
      cos[i] = dot(q, 0, candidates, i * d, d);
    }
    for (int i = 0; i < n; i++) {
      int base = i * w;
      for (int k = 0; k < d; k++) {
        out[base + k] = q[k] * candidates[i * d + k];
      }
      double max = 0;
      double mean = 0;
      for (int p = 0; p < np; p++) {
        double s = dot(candidates, i * d, positives, p * d, d);
        max = p == 0 ? s : Math.max(max, s);
        mean += s / np;
      }
      int rank = 1;
      for (int j = 0; j < n; j++) {
        if (cos[j] > cos[i] || (cos[j] == cos[i] && j < i)) {
          rank++;
        }
      }
      out[base + d] = (float) cos[i];
      out[base + d + 1] = np == 0 ? 0f : (float) (cos[i] - bestPos);
      out[base + d + 2] = (float) max;
      out[base + d + 3] = (float) mean;
      out[base + d + 4] = np == 0 ? 0f : 1f;
      out[base + d + 5] = n == 1 ? 0f : (float) (rank - 1) / (n - 1);
    }
    return out;
  }

  static double dot(float[] a, int ai, float[] b, int bi, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += a[ai + k] * b[bi + k];
    }
    return s;
  }
}
