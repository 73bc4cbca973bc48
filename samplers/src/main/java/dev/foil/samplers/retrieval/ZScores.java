package dev.foil.samplers.retrieval;

import dev.foil.samplers.SamplingContext;

/**
 * An anchor's reference scores standardised over its own candidate pool, z = (s − μ) / σ, and the
 * positive's score on the same scale: the units of the scale-free samplers ({@code simans-z},
 * {@code score-window-z}, {@code absolute-margin-z}), which mean the same on BM25 scores (spread of tens)
 * and on cosine similarities (spread of tenths). A pool whose scores are all equal has σ = 0; its
 * z-scores and the positive's are then 0.
 *
 * @param scores each candidate's z-score, in the context's order
 * @param positive the positive's score s⁺ on the same scale, (s⁺ − μ) / σ
 */
record ZScores(double[] scores, double positive) {

  /** Standardises {@code c}'s reference scores by their mean and (population) standard deviation. */
  static ZScores of(SamplingContext c) {
    float[] s = c.scores();
    Standardisation st = Standardisation.of(s);
    double[] z = new double[s.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = st.z(s[i]);
    }
    return new ZScores(z, st.z(c.positiveScore()));
  }

  /**
   * z = (s − mean)·scale, scale = 1/σ over a pool's scores (0 when σ = 0), for samplers that standardise
   * on the fly instead of keeping the z-scores.
   */
  record Standardisation(double mean, double scale) {

    static Standardisation of(float[] s) {
      int m = s.length;
      if (m == 0) {
        return new Standardisation(0, 0);
      }
      double mean = total(s) / m;
      double sd = Math.sqrt(squaredDeviations(s, mean) / m);
      return new Standardisation(mean, sd > 0 ? 1 / sd : 0);
    }

    /** Σ x, in four sums side by side (one running sum waits on each addition: a quarter of the stage). */
    private static double total(float[] s) {
      double t0 = 0;
      double t1 = 0;
      double t2 = 0;
      double t3 = 0;
      int i = 0;
      for (; i + 3 < s.length; i += 4) {
        t0 += s[i];
        t1 += s[i + 1];
        t2 += s[i + 2];
        t3 += s[i + 3];
      }
      for (; i < s.length; i++) {
        t0 += s[i];
      }
      return (t0 + t1) + (t2 + t3);
    }

    /** Σ (x − mean)², four sums side by side. */
    private static double squaredDeviations(float[] s, double mean) {
      double t0 = 0;
      double t1 = 0;
      double t2 = 0;
      double t3 = 0;
      int i = 0;
      for (; i + 3 < s.length; i += 4) {
        double d0 = s[i] - mean;
        double d1 = s[i + 1] - mean;
        double d2 = s[i + 2] - mean;
        double d3 = s[i + 3] - mean;
        t0 += d0 * d0;
        t1 += d1 * d1;
        t2 += d2 * d2;
        t3 += d3 * d3;
      }
      for (; i < s.length; i++) {
        double d = s[i] - mean;
        t0 += d * d;
      }
      return (t0 + t1) + (t2 + t3);
    }

    double z(double s) {
      return (s - mean) * scale;
    }
  }
}
