package dev.foil.rankers.rerank;

import java.util.List;

/** Scores query–passage pairs; higher means more relevant. Implementations are thread-safe. */
public interface PairScorer extends AutoCloseable {
  /** The score of each pair {@code (queries.get(i), passages.get(i))}. */
  float[] score(List<String> queries, List<String> passages);

  @Override
  void close();
}
