package dev.foil.index;

import dev.foil.index.data.Query;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A retriever that proposes candidates for queries: the input of every negative sampler.
 *
 * <p>Implementations are thread-safe. Results are deterministic: ties in score are broken by
 * external document id (ascending, in UTF-8 byte order), so the same query gives the same list on
 * any machine and at any thread count.
 */
public interface CandidateSource extends Closeable {

  /** A short name for logs and manifests, such as {@code bm25}. */
  String name();

  /** The id table of the corpus this source retrieves from. */
  DocIds docIds();

  /**
   * The top {@code k} candidates for one query.
   *
   * @throws IllegalArgumentException if {@code k < 1}
   */
  CandidateList retrieve(Query query, int k) throws IOException;

  /**
   * The top {@code k} candidates for each query, computed on {@code threads} threads; the result is
   * in the order of {@code queries} and does not depend on {@code threads}.
   */
  List<CandidateList> retrieveAll(List<Query> queries, int k, int threads, ProgressListener progress)
      throws IOException;

  /**
   * This source's scores of the given documents for {@code query}, whether or not it would retrieve
   * them (a document that does not match scores 0 for BM25). Samplers need the positives' scores.
   *
   * @param docs corpus ordinals
   */
  float[] score(Query query, int[] docs) throws IOException;

  /** As {@link #retrieveAll(List, int, int, ProgressListener)} on {@link ThreadBudget#threads()} threads, no progress. */
  default List<CandidateList> retrieveAll(List<Query> queries, int k) throws IOException {
    return retrieveAll(
        queries, k, ThreadBudget.threads(), ProgressListener.NONE);
  }

  /**
   * Closes every source, even when one fails; the first failure is thrown with the others suppressed.
   */
  static void closeAll(List<? extends CandidateSource> sources) throws IOException {
    IOException first = null;
    for (CandidateSource s : sources) {
      try {
        s.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
