package dev.foil.rankers.fn;

import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import java.util.List;

/**
 * The learned adapter behind the sampler engine's {@link FalseNegativeEstimator} interface, so that
 * {@code fn-drop}, {@code fn-reweight} and {@code fn-resample} can use it in place of the teacher-margin
 * baseline. Candidates and positives are corpus ordinals of {@code corpusIds}; their vectors come from
 * the embedding store, the query's from the store's encoder.
 */
public final class LearnedFalseNegativeEstimator implements FalseNegativeEstimator {
  private final FnAdapterModel model;
  private final EmbeddingStore store;
  private final Encoder encoder;
  private final DocIds corpusIds;

  public LearnedFalseNegativeEstimator(FnAdapterModel model, EmbeddingStore store, Encoder encoder, DocIds corpusIds) {
    if (!model.encoderKey().equals(store.manifest().cacheKey()) || !encoder.cacheKey().equals(store.manifest().cacheKey())) {
      throw new IllegalArgumentException("the adapter was trained on vectors of " + model.encoderKey()
          + "; the store holds " + store.manifest().cacheKey() + " and the encoder makes " + encoder.cacheKey());
    }
    this.model = model;
    this.store = store;
    this.encoder = encoder;
    this.corpusIds = corpusIds;
  }

  @Override
  public double[] estimate(Query query, int[] positives, int[] candidates) {
    int d = store.dimension();
    float[] q = encoder.encodeQueries(List.of(query.text()), ProgressListener.NONE);
    float[] f = FnFeatures.rows(q, vectors(positives), vectors(candidates), d);
    return model.probabilities(f);
  }

  /** P(relevant) of candidates with no known positive: the adapter as a reranker. */
  public double[] relevance(Query query, int[] candidates) {
    return estimate(query, new int[0], candidates);
  }

  private float[] vectors(int[] ordinals) {
    int d = store.dimension();
    float[] out = new float[ordinals.length * d];
    for (int i = 0; i < ordinals.length; i++) {
      String id = corpusIds.id(ordinals[i]);
      int row = store.docIds().ordinal(id).orElseThrow(
          () -> new IllegalArgumentException("document " + id + " is not in the embedding store " + store.dir()));
      store.vector(row, out, i * d);
    }
    return out;
  }
}
