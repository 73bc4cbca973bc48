package dev.foil.rankers.biencoder.queue;

import ai.djl.ndarray.NDArray;
import dev.foil.rankers.model.MiniLm;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The key encoder of MoCo (He et al., CVPR 2020, Eq. 2): a copy of the trained tower that follows it
 * slowly, θ_k ← m·θ_k + (1 − m)·θ_q after every step, and is never back-propagated; its passage vectors
 * change little from step to step, so queue entries encoded steps apart stay comparable.
 */
public final class MomentumEncoder implements AutoCloseable {
  private final MiniLm trained;
  private final MiniLm key;
  private final float momentum;

  /** A key encoder starting from the trained tower's current weights. */
  public MomentumEncoder(MiniLm trained, float momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("illegal momentum value: " + momentum + ", must be in [0, 1)");
    }
    this.trained = trained;
    this.key = trained.copy();
    this.momentum = momentum;
  }

  /** The key tower, for encoding passages without gradients. */
  public MiniLm tower() {
    return key;
  }

  /** One momentum update towards the trained tower's weights. */
  public void update() {
    Map<String, NDArray> q = trained.parameters();
    for (Map.Entry<String, NDArray> e : key.parameters().entrySet()) {
      try (NDArray step = q.get(e.getKey()).mul(1 - momentum)) {
        e.getValue().muli(momentum).addi(step);
      }
    }
  }

  /** Writes the key tower's weights atomically. */
  public void save(Path file) throws IOException {
    TrainingLoop.saveWeights(key.parameters(), file);
  }

  /** Restores the key tower's weights from {@link #save}. */
  public void load(Path file) throws IOException {
    TrainingLoop.loadWeights(key.parameters(), key.manager(), file);
  }

  @Override
  public void close() {
    key.close();
  }
}
