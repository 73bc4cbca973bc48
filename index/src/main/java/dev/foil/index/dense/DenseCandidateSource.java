package dev.foil.index.dense;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.vector.VectorBackend;
import dev.foil.index.vector.VectorIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.VectorUtil;

/**
 * Dense retrieval: queries are encoded with the same encoder that built the {@link EmbeddingStore}
 * and searched in a {@link VectorIndex} over the store's vectors; scores are inner products (cosine
 * for unit vectors). Ties are broken by document id ascending, as for every source.
 */
public final class DenseCandidateSource implements CandidateSource {
  private final Encoder encoder;
  private final EmbeddingStore store;
  private final VectorIndex index;

  /**
   * @param encoder encodes queries; its cache key must be the store's
   * @param store the corpus embeddings
   * @param index a vector index over the store's rows
   */
  public DenseCandidateSource(Encoder encoder, EmbeddingStore store, VectorIndex index) {
    if (!encoder.cacheKey().equals(store.manifest().cacheKey())) {
      throw new IllegalArgumentException("encoder " + encoder.cacheKey() + " did not build the store "
          + store.dir() + " (" + store.manifest().cacheKey() + ")");
    }
    if (index.size() != store.size() || index.dimension() != store.dimension()) {
      throw new IllegalArgumentException("vector index of " + index.size() + " × " + index.dimension()
          + " does not match the store's " + store.size() + " × " + store.dimension());
    }
    this.encoder = encoder;
    this.store = store;
    this.index = index;
  }

  /**
   * Opens the store at {@code storeDir}, finds its encoder again and builds {@code backend}'s index.
   *
   * @param threads threads for query encoding
   */
  public static DenseCandidateSource open(Path storeDir, VectorBackend backend, VectorBackend.Settings settings,
      int threads) throws IOException {
    return open(storeDir, null, backend, settings, threads);
  }

  /**
   * Like {@link #open(Path, VectorBackend, VectorBackend.Settings, int)}, with queries encoded by
   * {@code queryModel} instead (a model fine-tuned on the query side against this store's passages).
   *
   * @param queryModel a model name or directory, or {@code null} for the store's own encoder
   */
  public static DenseCandidateSource open(Path storeDir, String queryModel, VectorBackend backend,
      VectorBackend.Settings settings, int threads) throws IOException {
    EmbeddingStore store = EmbeddingStore.open(storeDir);
    EmbeddingStore.Manifest m = store.manifest();
    Encoder encoder = queryModel == null ? Encoders.open(m.modelSource(), m.maxLength(), 8, threads)
        : Encoders.open(queryModel, null, 8, threads);
    try {
      VectorIndex index = backend.build(store.toArray(), store.dimension(), settings);
      return new DenseCandidateSource(encoder, store, index);
    } catch (IOException | RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "dense";
  }

  @Override
  public DocIds docIds() {
    return store.docIds();
  }

  public Encoder encoder() {
    return encoder;
  }

  public VectorIndex index() {
    return index;
  }

  public EmbeddingStore store() {
    return store;
  }

  @Override
  public CandidateList retrieve(Query query, int k) {
    return retrieveAll(List.of(query), k, 1, ProgressListener.NONE).get(0);
  }

  @Override
  public List<CandidateList> retrieveAll(List<Query> queries, int k, int threads, ProgressListener progress) {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    List<String> texts = new ArrayList<>(queries.size());
    queries.forEach(q -> texts.add(q.text()));
    float[] vectors = encoder.encodeQueries(texts, progress);
    VectorIndex.Hits hits = index.search(vectors, Math.min(k, store.size()));
    List<CandidateList> out = new ArrayList<>(queries.size());
    for (int q = 0; q < queries.size(); q++) {
      out.add(toList(queries.get(q).id(), hits, q));
    }
    return out;
  }

  /** The inner products of the query with the given documents, retrieved or not. */
  public float[] score(Query query, int[] docs) {
    float[] q = encoder.encodeQueries(List.of(query.text()), ProgressListener.NONE);
    float[] row = new float[store.dimension()];
    float[] scores = new float[docs.length];
    for (int i = 0; i < docs.length; i++) {
      store.vector(docs[i], row, 0);
      scores[i] = VectorUtil.dotProduct(q, row);
    }
    return scores;
  }

  private CandidateList toList(String queryId, VectorIndex.Hits hits, int q) {
    int k = hits.k();
    int n = 0;
    while (n < k && hits.rows()[q * k + n] >= 0) {
      n++;
    }
    int[] docs = new int[n];
    float[] scores = new float[n];
    System.arraycopy(hits.rows(), q * k, docs, 0, n);
    System.arraycopy(hits.scores(), q * k, scores, 0, n);
    sortTiesById(docs, scores, store.docIds());
    return new CandidateList(queryId, docs, scores);
  }

  /** Within each run of equal scores, orders documents by id ascending (insertion sort: runs are short). */
  static void sortTiesById(int[] docs, float[] scores, DocIds ids) {
    for (int i = 1; i < docs.length; i++) {
      int d = docs[i];
      int j = i - 1;
      while (j >= 0 && scores[j] == scores[i] && ids.id(docs[j]).compareTo(ids.id(d)) > 0) {
        j--;
      }
      if (j != i - 1) {
        System.arraycopy(docs, j + 1, docs, j + 2, i - j - 1);
        docs[j + 1] = d;
      }
    }
  }

  @Override
  public void close() {
    index.close();
    encoder.close();
  }
}
