package dev.foil.samplers.adapt;

import dev.foil.index.DocIds;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Opens trained models that mining uses by directory: a learned false-negative adapter, a CET
 * selection model and a cross-encoder teacher. The models live with the trainers (module {@code rankers}), which register an
 * implementation through {@link ServiceLoader}; mining finds it here without depending on them.
 */
public interface LearnedModels {
  /** Whether {@code dir} holds a false-negative adapter written by {@code foil train fn-adapter}. */
  boolean isFalseNegativeAdapter(Path dir);

  /**
   * The adapter in {@code dir} as an estimator reading document vectors from {@code store} and
   * encoding queries with {@code encoder}; it is {@link AutoCloseable}, and the caller closes it.
   */
  FalseNegativeEstimator openFalseNegativeAdapter(Path dir, EmbeddingStore store, Encoder encoder, DocIds ids)
      throws IOException;

  /** Whether {@code dir} holds a selection model written by {@code foil train cet}. */
  boolean isSelectionModel(Path dir);

  SelectionModel openSelectionModel(Path dir) throws IOException;

  /** Whether {@code dir} holds a cross-encoder written by {@code foil train reranker}. */
  boolean isCrossEncoder(Path dir);

  /**
   * The cross-encoder in {@code dir} as a scorer of (query, document) pairs, reading documents from
   * {@code texts}; it is {@link AutoCloseable}, and the caller closes it.
   */
  CandidateScorer openCrossEncoder(Path dir, TextLookup texts, int threads) throws IOException;

  /**
   * The registered implementation.
   *
   * @throws IllegalStateException when none is on the class path (foil-rankers is missing)
   */
  static LearnedModels load() {
    return ServiceLoader.load(LearnedModels.class).findFirst().orElseThrow(() -> new IllegalStateException(
        "learned adapters and CET models need foil-rankers on the class path"));
  }

  /** The registered implementation, or {@code null} when there is none. */
  static LearnedModels loadOrNull() {
    return ServiceLoader.load(LearnedModels.class).findFirst().orElse(null);
  }
}
