package dev.foil.samplers.pipeline;

import dev.foil.index.data.Query;
import java.io.IOException;

/**
 * Scores documents the anchor's candidate pool does not hold — random negatives and top-ups — under
 * the reference source, so that every mined negative carries a number (FlagEmbedding's loader, for one,
 * refuses a {@code null} in {@code neg_scores}). BM25 scores any document for a query, a dense source any
 * stored vector: {@code CandidateSource::score} fits.
 */
@FunctionalInterface
public interface ReferenceScorer {
  /** The reference source's scores of {@code docs} (corpus ordinals) for {@code query}, in order. */
  float[] score(Query query, int[] docs) throws IOException;
}
