package dev.foil.index.lucene;

import org.apache.lucene.search.similarities.BM25Similarity;

/**
 * The free parameters of Okapi BM25 (Robertson et al., TREC-3, 1994), as implemented by Lucene's
 * {@link BM25Similarity}. Defaults follow Anserini's BEIR runs.
 *
 * @param k1 term-frequency saturation, finite and ≥ 0
 * @param b length normalisation, in [0, 1]
 */
public record Bm25Parameters(double k1, double b) {
  /** Anserini's BEIR defaults: k1=0.9, b=0.4. */
  public static final Bm25Parameters ANSERINI = new Bm25Parameters(0.9, 0.4);

  public Bm25Parameters {
    if (!Double.isFinite(k1) || k1 < 0) {
      throw new IllegalArgumentException("illegal k1 value: " + k1 + ", must be a non-negative finite number");
    }
    if (Double.isNaN(b) || b < 0 || b > 1) {
      throw new IllegalArgumentException("illegal b value: " + b + ", must be between 0 and 1");
    }
  }

  /** The Lucene similarity with these parameters. */
  public BM25Similarity similarity() {
    return new BM25Similarity((float) k1, (float) b);
  }

  @Override
  public String toString() {
    return "BM25(k1=" + k1 + ",b=" + b + ")";
  }
}
