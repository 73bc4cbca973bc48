package dev.foil.rankers;

import dev.foil.index.DocIds;
import dev.foil.index.data.Query;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.rankers.cet.CetModel;
import dev.foil.rankers.fn.FnAdapterModel;
import dev.foil.rankers.fn.LearnedFalseNegativeEstimator;
import dev.foil.rankers.rerank.OnnxCrossEncoder;
import dev.foil.samplers.adapt.CandidateScorer;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.LearnedModels;
import dev.foil.samplers.adapt.SelectionModel;
import dev.foil.samplers.pipeline.TextLookup;
import dev.foil.train.Devices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Opens this module's trained adapters for mining: registered as the {@link LearnedModels} service. */
public final class LearnedModelsProvider implements LearnedModels {
  @Override
  public boolean isFalseNegativeAdapter(Path dir) {
    return FnAdapterModel.isModelDir(dir);
  }

  @Override
  public FalseNegativeEstimator openFalseNegativeAdapter(Path dir, EmbeddingStore store, Encoder encoder, DocIds ids)
      throws IOException {
    FnAdapterModel model = FnAdapterModel.open(dir, Devices.preferred());
    try {
      return new Owned(new LearnedFalseNegativeEstimator(model, store, encoder, ids), model);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public boolean isSelectionModel(Path dir) {
    return CetModel.isModelDir(dir);
  }

  @Override
  public SelectionModel openSelectionModel(Path dir) {
    return CetModel.load(dir);
  }

  @Override
  public boolean isCrossEncoder(Path dir) {
    return OnnxCrossEncoder.isModelDir(dir);
  }

  @Override
  public CandidateScorer openCrossEncoder(Path dir, TextLookup texts, int threads) throws IOException {
    return new CrossEncoderTeacher(OnnxCrossEncoder.open(dir, TEACHER_BATCH, threads), texts);
  }

  /** Pairs per ONNX call when a cross-encoder rescores mined negatives. */
  private static final int TEACHER_BATCH = 16;

  /** A cross-encoder scoring (query, document) pairs by corpus ordinal, the documents read from {@code texts}. */
  private record CrossEncoderTeacher(OnnxCrossEncoder model, TextLookup texts) implements CandidateScorer, AutoCloseable {
    @Override
    public float[] score(Query query, int[] docs) {
      List<String> passages = new ArrayList<>(docs.length);
      for (int d : docs) {
        passages.add(texts.document(d).contents());
      }
      return model.score(Collections.nCopies(docs.length, query.text()), passages);
    }

    @Override
    public void close() {
      model.close();
    }
  }

  /** The estimator together with the model it owns, closed with it. */
  private record Owned(LearnedFalseNegativeEstimator estimator, FnAdapterModel model)
      implements FalseNegativeEstimator, AutoCloseable {
    @Override
    public double[] estimate(Query query, int[] positives, int[] candidates) {
      return estimator.estimate(query, positives, candidates);
    }

    @Override
    public void close() {
      model.close();
    }
  }
}
