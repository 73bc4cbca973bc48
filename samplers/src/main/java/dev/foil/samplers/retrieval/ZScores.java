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
    int m = s.length;
    double mean = 0;
    for (float x : s) {
      mean += x;
    }
    mean = m == 0 ? 0 : mean / m;
    double ss = 0;
    for (float x : s) {
      ss += (x - mean) * (x - mean);
    }
    double sd = m == 0 ? 0 : Math.sqrt(ss / m);
    double scale = sd > 0 ? 1 / sd : 0;
    double[] z = new double[m];
    for (int i = 0; i < m; i++) {
      z[i] = (s[i] - mean) * scale;
    }
    return new ZScores(z, (c.positiveScore() - mean) * scale);
  }
}
