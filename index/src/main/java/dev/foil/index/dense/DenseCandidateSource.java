package dev.foil.index.dense;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.vector.InnerProduct;
import dev.foil.index.vector.VectorBackend;
import dev.foil.index.vector.VectorIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense retrieval: queries are encoded with the same encoder that built the {@link EmbeddingStore}
 * and searched in a {@link VectorIndex} over the store's vectors; scores are inner products (cosine
 * for unit vectors). Ties are broken by document id ascending, as for every source.
 *
 * <p>Scores are recomputed exactly for each hit (a few more than asked, then cut), with the same
 * arithmetic as {@link #score}: a FAISS flat index computes a batch of queries with BLAS and a single
 * query with its own kernel, whose last bits differ, so without this a query's scores, and the
 * negatives sampled from them, would depend on which other queries shared its batch (the mining chunk)
 * and the embedded API would not reproduce {@code foil mine}.
 */
public final class DenseCandidateSource implements CandidateSource {
  /** Hits searched beyond those asked, so that rescoring cannot reorder the cut-off. */
  static final int RESCORE_MARGIN = 8;

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
   * Queries are encoded one at a time: in a batch, a query's vector depends on its companions (the
   * padding to the longest, and a quantized model's activation scales are per batch), so mined
   * negatives would depend on how queries fall into chunks, partitions or single embedded calls.
   */
  static final int QUERY_BATCH = 1;

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
    Encoder encoder = queryModel == null ? Encoders.open(m.modelSource(), m.maxLength(), QUERY_BATCH, threads)
        : Encoders.open(queryModel, null, QUERY_BATCH, threads);
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
    VectorIndex.Hits hits = index.search(vectors, Math.min(k + RESCORE_MARGIN, store.size()));
    List<CandidateList> out = new ArrayList<>(queries.size());
    float[] query = new float[store.dimension()];
    float[] row = new float[store.dimension()];
    for (int q = 0; q < queries.size(); q++) {
      System.arraycopy(vectors, q * query.length, query, 0, query.length);
      out.add(rescored(queries.get(q).id(), hits, q, query, row, k));
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
      scores[i] = InnerProduct.of(q, row);
    }
    return scores;
  }

  /** Query {@code q}'s hits with exact inner products, ordered by score then id, cut to {@code k}. */
  private CandidateList rescored(String queryId, VectorIndex.Hits hits, int q, float[] query, float[] row, int k) {
    int searched = hits.k();
    int n = 0;
    while (n < searched && hits.rows()[q * searched + n] >= 0) {
      n++;
    }
    int[] docs = new int[n];
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      docs[i] = hits.rows()[q * searched + i];
      store.vector(docs[i], row, 0);
      scores[i] = InnerProduct.of(query, row);
    }
    return CandidateList.ranked(queryId, docs, scores, store.docIds(), k);
  }

  @Override
  public void close() {
    index.close();
    encoder.close();
  }
}
