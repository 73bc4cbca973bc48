/**
 * Candidate sources: the readers for corpora, queries and relevance judgments, and the retrievers
 * (Lucene BM25 now, dense indexes later) that every sampler draws its candidates from.
 *
 * <p>The central abstraction is {@link dev.foil.index.CandidateSource}: given queries, it returns
 * {@link dev.foil.index.CandidateList}s of corpus ordinals and scores as primitive arrays. Ordinals
 * are positions in the corpus file and are shared by every source built over the same corpus, so
 * candidates from BM25 and dense retrievers can be pooled without string lookups.
 */
package dev.foil.index;
