package dev.foil.index.dense;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.foil.index.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/**
 * An encoder that remembers the query vectors of recent texts in a size-bounded Caffeine cache, for
 * services that see the same queries again; passages pass through (they are cached on disk by the
 * {@link EmbeddingStore}). Hit and miss counts are in {@link #stats()}.
 */
public final class CachingEncoder implements Encoder {
  private final Encoder inner;
  private final Cache<String, float[]> queries;

  /** @param maximumSize query vectors kept at most */
  public CachingEncoder(Encoder inner, long maximumSize) {
    this.inner = inner;
    this.queries = Caffeine.newBuilder().executor(Runnable::run) // upkeep on the caller: no thread woken per call
        .maximumSize(maximumSize).recordStats().build();
  }

  /** Hits, misses, evictions of the query-vector cache. */
  public CacheStats stats() {
    return queries.stats();
  }

  /** Query vectors held now (Caffeine's estimate, after its pending evictions). */
  public long cachedVectors() {
    queries.cleanUp();
    return queries.estimatedSize();
  }

  /** Drops every cached query vector. */
  public void invalidateAll() {
    queries.invalidateAll();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public String source() {
    return inner.source();
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  @Override
  public int maxLength() {
    return inner.maxLength();
  }

  @Override
  public String cacheKey() {
    return inner.cacheKey();
  }

  @Override
  public String passageInput(String passage) {
    return inner.passageInput(passage);
  }

  @Override
  public String queryPrefix() {
    return inner.queryPrefix();
  }

  @Override
  public float[] encodeQueries(List<String> texts, ProgressListener progress) {
    int d = dimension();
    float[] out = new float[texts.size() * d];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      float[] v = queries.getIfPresent(texts.get(i));
      if (v == null) {
        missing.add(i);
      } else {
        System.arraycopy(v, 0, out, i * d, d);
      }
    }
    if (!missing.isEmpty()) {
      float[] fresh = inner.encodeQueries(missing.stream().map(texts::get).toList(), progress);
      for (int j = 0; j < missing.size(); j++) {
        float[] v = java.util.Arrays.copyOfRange(fresh, j * d, (j + 1) * d);
        queries.put(texts.get(missing.get(j)), v);
        System.arraycopy(v, 0, out, missing.get(j) * d, d);
      }
    }
    return out;
  }

  @Override
  public float[] encodePassages(List<String> texts, ProgressListener progress) {
    return inner.encodePassages(texts, progress);
  }

  @Override
  public void close() {
    inner.close();
  }
}
