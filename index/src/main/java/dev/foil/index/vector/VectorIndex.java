package dev.foil.index.vector;

/**
 * Maximum-inner-product search over a fixed set of vectors identified by their row (the corpus
 * ordinal). With unit-length vectors the inner product is the cosine similarity. Implementations are
 * thread-safe for searching.
 */
public interface VectorIndex extends AutoCloseable {

  /** What this index is, with its settings, e.g. {@code faiss(HNSW32,Flat, efSearch=128)}. */
  String description();

  /** Length of each vector. */
  int dimension();

  /** Number of indexed vectors. */
  int size();

  /**
   * The {@code k} best rows for each query, best first.
   *
   * @param queries {@code n × dimension()} floats, row-major
   * @param k hits per query, ≥ 1
   */
  Hits search(float[] queries, int k);

  @Override
  void close();

  /**
   * Search results for {@code n} queries, row-major: entry {@code q·k + i} is the i-th hit of query q.
   * A query with fewer than {@code k} hits is padded with row -1 and score -∞.
   *
   * @param k hits per query
   * @param rows the rows found
   * @param scores their inner products with the query
   */
  record Hits(int k, int[] rows, float[] scores) {
    /** Number of queries. */
    public int queries() {
      return k == 0 ? 0 : rows.length / k;
    }

    /**
     * Recall against exact results for the same queries: the mean over queries of
     * |this top k ∩ exact top k| / k.
     */
    public double recallAgainst(Hits exact) {
      if (exact.k() != k || exact.queries() != queries()) {
        throw new IllegalArgumentException("results of different shapes: " + queries() + "×" + k + " vs "
            + exact.queries() + "×" + exact.k());
      }
      long found = 0;
      for (int q = 0; q < queries(); q++) {
        java.util.Set<Integer> truth = new java.util.HashSet<>();
        for (int i = 0; i < k; i++) {
          truth.add(exact.rows()[q * k + i]);
        }
        for (int i = 0; i < k; i++) {
          found += truth.contains(rows[q * k + i]) ? 1 : 0;
        }
      }
      return queries() == 0 ? 1 : (double) found / ((long) queries() * k);
    }
  }
}
