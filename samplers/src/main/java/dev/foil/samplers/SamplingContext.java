package dev.foil.samplers;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * What a sampler sees for one anchor: the eligible candidates (positives and filtered candidates
 * already removed) in pool order, the reference score and rank of each, every source's view, the
 * reference positive score, the corpus for samplers that draw outside the pool, and the anchor's own
 * random generator (derived from the seed and the anchor id, so results do not depend on threads).
 *
 * @param anchorId the query id
 * @param docs eligible candidate ordinals, in pool order (fused order for pooled sources)
 * @param scores reference-source score of each candidate
 * @param ranks reference-source 1-based rank of each candidate, 0 when that source did not retrieve it
 * @param sources source names
 * @param sourceScores per source, per candidate
 * @param sourceRanks per source, per candidate (0 = not retrieved by that source)
 * @param positiveScore the reference score of the query's positives: the lowest, when there are several
 * @param corpusSize documents in the corpus
 * @param excluded corpus ordinals no sampler may return (positives, text duplicates)
 * @param rng this anchor's generator
 */
public record SamplingContext(
    String anchorId,
    int[] docs,
    float[] scores,
    int[] ranks,
    List<String> sources,
    float[][] sourceScores,
    int[][] sourceRanks,
    float positiveScore,
    int corpusSize,
    IntPredicate excluded,
    SplittableRandom rng) {

  /** Number of eligible candidates. */
  public int size() {
    return docs.length;
  }

  /** This context narrowed to the candidates at {@code indexes}, in that order; the rest is shared. */
  public SamplingContext restrict(int[] indexes) {
    int m = indexes.length;
    int ns = sources.size();
    int[] d = new int[m];
    float[] s = new float[m];
    int[] r = new int[m];
    float[][] ss = new float[ns][m];
    int[][] sr = new int[ns][m];
    for (int j = 0; j < m; j++) {
      int i = indexes[j];
      d[j] = docs[i];
      s[j] = scores[i];
      r[j] = ranks[i];
      for (int k = 0; k < ns; k++) {
        ss[k][j] = sourceScores[k][i];
        sr[k][j] = sourceRanks[k][i];
      }
    }
    return new SamplingContext(anchorId, d, s, r, sources, ss, sr, positiveScore, corpusSize, excluded, rng);
  }

  /** Index of source {@code name}, or -1. */
  public int sourceIndex(String name) {
    return sources.indexOf(name);
  }
}
