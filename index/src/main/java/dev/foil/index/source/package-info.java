/** Candidate sources described as data (a BM25 index, an embedding store with its vector backend), and the set a use case retrieves from. */
package dev.foil.index.source;
