package dev.foil.rankers;

import dev.foil.index.DocIds;
import dev.foil.index.data.Query;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.rankers.cet.CetModel;
import dev.foil.rankers.fn.FnAdapterModel;
import dev.foil.rankers.fn.LearnedFalseNegativeEstimator;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.LearnedModels;
import dev.foil.samplers.adapt.SelectionModel;
import dev.foil.train.Devices;
import java.io.IOException;
import java.nio.file.Path;

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
