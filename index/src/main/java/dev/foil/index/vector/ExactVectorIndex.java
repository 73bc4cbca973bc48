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

  /** A bounded min-heap keeping the k best (score desc, row asc) entries. */
  static final class TopK {
    private final int capacity;
    private final int[] rows;
    private final float[] scores;
    private int size;

    TopK(int capacity) {
      this.capacity = capacity;
      this.rows = new int[capacity];
      this.scores = new float[capacity];
    }

    /** Whether (s1, r1) ranks below (s2, r2). */
    private static boolean worse(float s1, int r1, float s2, int r2) {
      return s1 < s2 || (s1 == s2 && r1 > r2);
    }

    void offer(int row, float score) {
      if (capacity == 0) {
        return;
      }
      if (size < capacity) {
        int i = size++;
        rows[i] = row;
        scores[i] = score;
        siftUp(i);
      } else if (worse(scores[0], rows[0], score, row)) {
        rows[0] = row;
        scores[0] = score;
        siftDown(0);
      }
    }

    private void siftUp(int i) {
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (!worse(scores[i], rows[i], scores[p], rows[p])) {
          break;
        }
        swap(i, p);
        i = p;
      }
    }

    private void siftDown(int i) {
      while (true) {
        int l = 2 * i + 1;
        if (l >= size) {
          return;
        }
        int c = l + 1 < size && worse(scores[l + 1], rows[l + 1], scores[l], rows[l]) ? l + 1 : l;
        if (!worse(scores[c], rows[c], scores[i], rows[i])) {
          return;
        }
        swap(i, c);
        i = c;
      }
    }

    private void swap(int a, int b) {
      int r = rows[a];
      rows[a] = rows[b];
      rows[b] = r;
      float s = scores[a];
      scores[a] = scores[b];
      scores[b] = s;
    }

    /** Writes the entries best-first at {@code offset}, padding to {@code k} with -1 / -∞. */
    void drainInto(int[] outRows, float[] outScores, int offset, int k) {
      int n = size;
      for (int i = n - 1; i >= 0; i--) {
        outRows[offset + i] = rows[0];
        outScores[offset + i] = scores[0];
        size--;
        rows[0] = rows[size];
        scores[0] = scores[size];
        siftDown(0);
      }
      for (int i = n; i < k; i++) {
        outRows[offset + i] = -1;
        outScores[offset + i] = Float.NEGATIVE_INFINITY;
      }
    }
  }
}
