package dev.foil.index.vector;

import dev.foil.index.WorkerPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.util.VectorUtil;

/**
 * Brute-force inner-product search in pure Java, on several threads: the exact reference that
 * approximate indexes are measured against. Queries are processed in blocks so that each corpus row
 * is read from memory once per block rather than once per query; dot products use Lucene's
 * {@link VectorUtil}. Ties are broken by row ascending.
 */
public final class ExactVectorIndex implements VectorIndex {
  private static final int QUERY_BLOCK = 32;

  private final float[][] rows;
  private final int dimension;
  private final int threads;

  /**
   * @param matrix {@code n × dimension} floats, row-major (copied)
   * @param threads search threads, ≥ 1
   */
  public ExactVectorIndex(float[] matrix, int dimension, int threads) {
    if (dimension < 1 || matrix.length % dimension != 0) {
      throw new IllegalArgumentException("matrix of " + matrix.length + " floats is not a multiple of dimension " + dimension);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("illegal threads value: " + threads + ", must be at least 1");
    }
    this.dimension = dimension;
    this.threads = threads;
    this.rows = new float[matrix.length / dimension][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = Arrays.copyOfRange(matrix, r * dimension, (r + 1) * dimension);
    }
  }

  @Override
  public String description() {
    return "exact(java, threads=" + threads + ")";
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return rows.length;
  }

  @Override
  public Hits search(float[] queries, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    int n = queries.length / dimension;
    int[] outRows = new int[n * k];
    float[] outScores = new float[n * k];
    int blocks = (n + QUERY_BLOCK - 1) / QUERY_BLOCK;
    try (WorkerPool pool = new WorkerPool("foil-exact", threads)) {
      pool.parallelFor(blocks, blocks, (from, to) -> {
        for (int b = from; b < to; b++) {
          searchBlock(queries, b * QUERY_BLOCK, Math.min(n, (b + 1) * QUERY_BLOCK), k, outRows, outScores);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Hits(k, outRows, outScores);
  }

  private void searchBlock(float[] queries, int from, int to, int k, int[] outRows, float[] outScores) {
    int b = to - from;
    float[][] q = new float[b][];
    TopK[] tops = new TopK[b];
    for (int i = 0; i < b; i++) {
      q[i] = Arrays.copyOfRange(queries, (from + i) * dimension, (from + i + 1) * dimension);
      tops[i] = new TopK(Math.min(k, rows.length));
    }
    for (int r = 0; r < rows.length; r++) {
      float[] row = rows[r];
      for (int i = 0; i < b; i++) {
        tops[i].offer(r, VectorUtil.dotProduct(q[i], row));
      }
    }
    for (int i = 0; i < b; i++) {
      tops[i].drainInto(outRows, outScores, (from + i) * k, k);
    }
  }

  @Override
  public void close() {}
}
