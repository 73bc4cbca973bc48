package dev.foil.index.source;

import dev.foil.index.CandidateSource;
import java.io.IOException;

/**
 * A candidate source as data: what to open and how, so that a command line, an experiment step, the
 * embedded API and a distributed job describe sources the same way and open them with one method.
 */
public sealed interface SourceSpec permits Bm25Source, DenseSource {
  /** The source's name, {@code bm25} or {@code dense}, as {@link CandidateSource#name()} reports it. */
  String name();

  /**
   * Opens the source; the caller closes it.
   *
   * @param threads threads for query encoding and vector index building
   */
  CandidateSource open(int threads) throws IOException;
}
