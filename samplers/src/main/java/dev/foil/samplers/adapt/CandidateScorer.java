package dev.foil.samplers.adapt;

import dev.foil.index.data.Query;
import java.io.IOException;

/** Scores documents for a query, e.g. a cross-encoder teacher; higher means more relevant. */
@FunctionalInterface
public interface CandidateScorer {
  /** The scores of {@code docs} (corpus ordinals) for {@code query}. */
  float[] score(Query query, int[] docs) throws IOException;

  /** A scorer backed by a candidate source's own scores (BM25, dense, …). */
  public static CandidateScorer of(dev.foil.index.CandidateSource source) {
    return source::score;
  }
}
