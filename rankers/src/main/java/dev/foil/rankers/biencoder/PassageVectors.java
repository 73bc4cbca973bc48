package dev.foil.rankers.biencoder;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.samplers.format.Passage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Fixed passage vectors for query-side training: a passage with an id found in the embedding store
 * takes the store's row; any other passage is encoded once by the frozen passage encoder and kept.
 */
public final class PassageVectors {
  private final EmbeddingStore store;
  private final Encoder encoder;
  private final Map<String, float[]> cache = new HashMap<>();
  private final int dimension;

  /**
   * @param store the corpus embeddings, or {@code null}
   * @param encoder the frozen passage encoder, which built {@code store} if one is given
   */
  public PassageVectors(EmbeddingStore store, Encoder encoder) {
    if (store != null && !store.manifest().cacheKey().equals(encoder.cacheKey())) {
      throw new IllegalArgumentException("the store " + store.dir() + " was built by " + store.manifest().cacheKey()
          + ", not by the frozen passage encoder " + encoder.cacheKey());
    }
    this.store = store;
    this.encoder = encoder;
    this.dimension = encoder.dimension();
  }

  public int dimension() {
    return dimension;
  }

  /** Looks up or encodes every passage of {@code passages} now, in batches. */
  public void prefetch(List<Passage> passages, ProgressListener progress) {
    List<String> keys = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Passage p : passages) {
      String key = p.key();
      if (cache.containsKey(key)) {
        continue;
      }
      OptionalInt row = store == null || p.id() == null ? OptionalInt.empty() : store.docIds().ordinal(p.id());
      if (row.isPresent()) {
        float[] v = new float[dimension];
        store.vector(row.getAsInt(), v, 0);
        cache.put(key, v);
      } else {
        cache.put(key, null);
        keys.add(key);
        texts.add(p.text());
      }
    }
    if (!texts.isEmpty()) {
      float[] enc = encoder.encodePassages(texts, progress);
      for (int i = 0; i < keys.size(); i++) {
        float[] v = new float[dimension];
        System.arraycopy(enc, i * dimension, v, 0, dimension);
        cache.put(keys.get(i), v);
      }
    }
  }

  /** The vectors of {@code passages}, row-major; each must have been prefetched. */
  public float[] matrix(List<Passage> passages) {
    float[] out = new float[passages.size() * dimension];
    for (int i = 0; i < passages.size(); i++) {
      float[] v = cache.get(passages.get(i).key());
      if (v == null) {
        throw new IllegalStateException("passage " + passages.get(i).key() + " was not prefetched");
      }
      System.arraycopy(v, 0, out, i * dimension, dimension);
    }
    return out;
  }
}
