/**
 * Lucene BM25: on-disk indexing of a BEIR corpus and the BM25 {@link dev.foil.index.CandidateSource},
 * set up to reproduce Anserini's BEIR "flat" runs (title and text in one {@code contents} field,
 * Porter stemming, Lucene's English stop words, k1=0.9, b=0.4, bag-of-words queries).
 */
package dev.foil.index.lucene;
