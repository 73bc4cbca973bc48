package dev.foil.rankers.biencoder.queue;

import dev.foil.index.io.AtomicFile;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A first-in first-out queue of the last {@code capacity} passage (key) embeddings, the extra negatives
 * of MoCo (He et al., CVPR 2020, §3.2): each step appends the passages it saw, the oldest entries leave.
 * A passage is held once; seen again, its vector is refreshed where it stands. Memory is bounded by
 * {@code capacity × dimension} floats and one key per entry.
 */
public final class KeyQueue {
  private static final int MAGIC = 0x464b5131; // "FKQ1"
  /** Longer keys are read as corruption, not allocated (a key is an id, or a passage's text). */
  private static final int MAX_KEY_BYTES = 1 << 24;

  private final int capacity;
  private final int dimension;
  private final float[][] vectors;
  private final String[] keys;
  private final Map<String, Integer> slotOfKey = new HashMap<>();
  private int size;
  private int next;

  /**
   * @param capacity entries held, at least 1
   * @param dimension embedding dimension
   */
  public KeyQueue(int capacity, int dimension) {
    if (capacity < 1 || dimension < 1) {
      throw new IllegalArgumentException("illegal queue: " + capacity + " entries of dimension " + dimension);
    }
    this.capacity = capacity;
    this.dimension = dimension;
    this.vectors = new float[capacity][];
    this.keys = new String[capacity];
  }

  public int capacity() {
    return capacity;
  }

  public int dimension() {
    return dimension;
  }

  /** Entries held now, at most {@link #capacity()}. */
  public int size() {
    return size;
  }

  /** The passage key ({@code Passage.key()}) of entry {@code slot}, {@code 0 ≤ slot < size()}. */
  public String key(int slot) {
    return keys[slot];
  }

  /** The vector of entry {@code slot}; callers must not change it. */
  public float[] vector(int slot) {
    return vectors[slot];
  }

  /** Every entry's vector, row-major in slot order: {@code size() × dimension}. */
  public float[] matrix() {
    float[] out = new float[size * dimension];
    for (int i = 0; i < size; i++) {
      System.arraycopy(vectors[i], 0, out, i * dimension, dimension);
    }
    return out;
  }

  /**
   * Appends passages in order, evicting the oldest entries once full; a passage already held has its
   * vector replaced in place.
   *
   * @param passageKeys the passages' keys
   * @param matrix their vectors, row-major
   * @return how many entries are new
   */
  public int offer(List<String> passageKeys, float[] matrix) {
    if (matrix.length != passageKeys.size() * dimension) {
      throw new IllegalArgumentException(passageKeys.size() + " keys but " + matrix.length + " floats of dimension "
          + dimension);
    }
    int added = 0;
    for (int i = 0; i < passageKeys.size(); i++) {
      String key = passageKeys.get(i);
      float[] v = java.util.Arrays.copyOfRange(matrix, i * dimension, (i + 1) * dimension);
      Integer held = slotOfKey.get(key);
      if (held != null) {
        vectors[held] = v;
        continue;
      }
      if (keys[next] != null) {
        slotOfKey.remove(keys[next]);
      }
      keys[next] = key;
      vectors[next] = v;
      slotOfKey.put(key, next);
      next = (next + 1) % capacity;
      size = Math.min(capacity, size + 1);
      added++;
    }
    return added;
  }

  /** Writes the queue (entries, order and next slot) atomically to {@code file}. */
  public void save(Path file) throws IOException {
    AtomicFile.writeBytes(file, raw -> {
      DataOutputStream out = new DataOutputStream(raw);
      out.writeInt(MAGIC);
      out.writeInt(capacity);
      out.writeInt(dimension);
      out.writeInt(size);
      out.writeInt(next);
      for (int i = 0; i < size; i++) {
        byte[] k = keys[i].getBytes(StandardCharsets.UTF_8);
        out.writeInt(k.length);
        out.write(k);
        for (float f : vectors[i]) {
          out.writeFloat(f);
        }
      }
      out.flush();
    });
  }

  /**
   * Replaces this queue's contents with what {@link #save} wrote.
   *
   * @throws IOException naming the file when it is not a queue of this capacity and dimension
   */
  public void load(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(
        new java.io.BufferedInputStream(raw))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + ": not a key queue");
      }
      int cap = in.readInt();
      int dim = in.readInt();
      if (cap != capacity || dim != dimension) {
        throw new IOException(file + ": a queue of " + cap + " × " + dim + ", this run has " + capacity + " × "
            + dimension);
      }
      int n = in.readInt();
      int nextSlot = in.readInt();
      if (n < 0 || n > capacity || nextSlot < 0 || nextSlot >= capacity) {
        throw new IOException(file + ": corrupt queue header (size " + n + ", next " + nextSlot + ")");
      }
      java.util.Arrays.fill(keys, null);
      java.util.Arrays.fill(vectors, null);
      slotOfKey.clear();
      for (int i = 0; i < n; i++) {
        int length = in.readInt();
        if (length < 0 || length > MAX_KEY_BYTES) {
          throw new IOException(file + ": corrupt queue entry " + i + " (key of " + length + " bytes)");
        }
        byte[] k = new byte[length];
        in.readFully(k);
        keys[i] = new String(k, StandardCharsets.UTF_8);
        float[] v = new float[dimension];
        for (int j = 0; j < dimension; j++) {
          v[j] = in.readFloat();
        }
        vectors[i] = v;
        slotOfKey.put(keys[i], i);
      }
      size = n;
      next = nextSlot;
    }
  }
}
