package dev.foil.index.vector;

/**
 * A bounded min-heap keeping the k best (row, score) entries, score descending and ties to the lower
 * row: the top-k selection of exact vector search and of full-ranking recommendation.
 */
public final class TopK {
  private final int capacity;
  private final int[] rows;
  private final float[] scores;
  private int size;

  public TopK(int capacity) {
    this.capacity = capacity;
    this.rows = new int[capacity];
    this.scores = new float[capacity];
  }

  /** Whether (s1, r1) ranks below (s2, r2). */
  private static boolean worse(float s1, int r1, float s2, int r2) {
    return s1 < s2 || (s1 == s2 && r1 > r2);
  }

  /** Keeps (row, score) if it is among the k best seen so far. */
  public void offer(int row, float score) {
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
  public void drainInto(int[] outRows, float[] outScores, int offset, int k) {
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

  /** The rows kept, best first (fewer than k when fewer were offered); empties the heap. */
  public int[] drainRows() {
    int n = size;
    int[] out = new int[n];
    drainInto(out, new float[n], 0, n);
    return out;
  }
}
