package dev.foil.rankers.cet;

import dev.foil.index.fusion.CandidatePool;

/**
 * Features of the two CET models. Selection (where the candidate sat when the pool was judged): an
 * intercept, log(1 + rank) under the reference source, and whether that source ranked it at all.
 * Relevance (how good the candidate looks): an intercept and, per source, the candidate's score
 * standardised within the query's pool (z-score; the pool's lowest when the source did not score it).
 */
public final class CetFeatures {
  /** Selection features per row. */
  public static final int SELECTION = 3;

  private CetFeatures() {}

  /** Relevance features per row for {@code sources} sources. */
  public static int relevanceWidth(int sources) {
    return 1 + sources;
  }

  /** Writes the selection row of a candidate at reference rank {@code rank} (0 = unranked). */
  public static void selection(int rank, int unranked, double[] out, int offset) {
    out[offset] = 1;
    out[offset + 1] = Math.log1p(rank > 0 ? rank : unranked);
    out[offset + 2] = rank > 0 ? 0 : 1;
  }

  /**
   * Writes the relevance rows of every candidate of {@code pool} and then of its positives, one after
   * the other from {@code offset}.
   */
  public static void relevance(CandidatePool pool, double[] out, int offset) {
    int ns = pool.sources().size();
    int w = relevanceWidth(ns);
    int n = pool.size();
    int np = pool.positives().length;
    for (int i = 0; i < n + np; i++) {
      out[offset + i * w] = 1;
    }
    for (int s = 0; s < ns; s++) {
      double mean = 0;
      double sq = 0;
      double min = Double.POSITIVE_INFINITY;
      int count = 0;
      for (int i = 0; i < n; i++) {
        float v = pool.scores()[s][i];
        if (!Float.isNaN(v)) {
          mean += v;
          sq += (double) v * v;
          min = Math.min(min, v);
          count++;
        }
      }
      mean = count == 0 ? 0 : mean / count;
      double sd = count < 2 ? 1 : Math.sqrt(Math.max(1e-12, sq / count - mean * mean));
      double floor = count == 0 ? 0 : (min - mean) / sd;
      for (int i = 0; i < n + np; i++) {
        float v = i < n ? pool.scores()[s][i] : pool.positiveScores()[s][i - n];
        out[offset + i * w + 1 + s] = Float.isNaN(v) ? floor : (v - mean) / sd;
      }
    }
  }
}
