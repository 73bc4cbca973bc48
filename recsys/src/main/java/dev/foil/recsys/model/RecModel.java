package dev.foil.recsys.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.foil.samplers.items.FlipRateModel;
import dev.foil.samplers.items.ItemNegatives;
import dev.foil.samplers.items.ItemScorer;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trainable implicit-feedback model: a loss over a batch of (user, positive item) pairs with their
 * sampled negatives, its live scores for samplers, and user/item vectors whose dot product is its
 * ranking score for full-ranking evaluation.
 */
public abstract class RecModel implements ItemScorer, AutoCloseable {
  protected final NDManager manager;
  protected final ModelSettings settings;
  protected final int numUsers;
  protected final int numItems;
  private final Map<String, NDArray> params = new LinkedHashMap<>();

  protected RecModel(NDManager parent, ModelSettings settings, int numUsers, int numItems) {
    this.manager = parent.newSubManager();
    this.settings = settings;
    this.numUsers = numUsers;
    this.numItems = numItems;
  }

  /** Registers a trained parameter, which must have been made in {@link #manager}. */
  protected final NDArray param(String name, NDArray value) {
    value.setName(name);
    params.put(name, value);
    return value;
  }

  /** Rows {@code ids} of {@code table}, differentiable with respect to the table. */
  protected static NDArray rows(NDArray table, NDArray ids) {
    return ai.djl.nn.core.Embedding.embedding(ids, table, ai.djl.ndarray.types.SparseFormat.DENSE).head();
  }

  /** Negatives' item ids as an array: {@code [G·n]} when shared by G row groups, {@code [B, n]} otherwise. */
  protected static NDArray negativeIds(NDManager batch, ItemNegatives neg, int rows) {
    NDArray ids = batch.create(neg.items());
    return neg.shared() ? ids : ids.reshape(rows, neg.perUser());
  }

  /** The negatives' loss weights {@code [B, n]}, or {@code null} for all ones. */
  protected static NDArray negativeWeights(NDManager batch, ItemNegatives neg, int rows) {
    return neg.weights() == null ? null : batch.create(neg.weights()).reshape(rows, neg.perUser());
  }

  /**
   * Scores {@code [B, n]} of the negatives {@code q} against user vectors {@code u [B, d]}: per-row
   * {@code q [B, n, d]}, or shared {@code q [G·n, d]} where each of {@code neg}'s G row groups is scored
   * against its own n items (one matrix product per group).
   */
  protected static NDArray negativeScores(NDArray u, NDArray q, ItemNegatives neg) {
    if (!neg.shared()) {
      return u.expandDims(1).mul(q).sum(new int[] {2}); // [B, 1, d] * [B, n, d]
    }
    int g = neg.groups();
    if (g == 1) {
      return u.matMul(q.transpose()); // [B, d] x [d, n]
    }
    long rows = u.getShape().get(0);
    long d = u.getShape().get(1);
    int n = neg.perUser();
    if (rows % g == 0) { // equal groups: one batched product [G, B/G, d] x [G, d, n]
      return u.reshape(g, rows / g, d).batchMatMul(q.reshape(g, n, d).transpose(0, 2, 1)).reshape(rows, n);
    }
    NDList parts = new NDList(g);
    for (int k = 0; k < g; k++) {
      int from = neg.groupStart(k, (int) rows);
      int to = neg.groupStart(k + 1, (int) rows);
      parts.add(u.get(from + ":" + to).matMul(q.get(k * n + ":" + (k + 1) * n).transpose()));
    }
    return ai.djl.ndarray.NDArrays.concat(parts, 0);
  }

  /** −log σ(x), computed stably. */
  protected static NDArray negLogSigmoid(NDArray x) {
    return ai.djl.nn.Activation.softPlus(x.neg());
  }

  /** Mean over all entries of {@code x} weighted by {@code w} (unweighted when {@code w} is null). */
  protected static NDArray weightedMean(NDArray x, NDArray w) {
    return w == null ? x.mean() : x.mul(w).mean();
  }

  public final ModelSettings settings() {
    return settings;
  }

  public final int numUsers() {
    return numUsers;
  }

  public final int numItems() {
    return numItems;
  }

  /** Every trained parameter by name. */
  public final Map<String, NDArray> parameters() {
    return java.util.Collections.unmodifiableMap(params);
  }

  /** The manager the model's arrays live in; batch arrays are made in sub-managers of it. */
  public final NDManager manager() {
    return manager;
  }

  /**
   * The training loss of a batch, a scalar, with dropout and regularisation as configured.
   *
   * @param users each pair's user
   * @param positives each pair's positive item
   * @param negatives the sampler's negatives for {@code users}
   */
  public abstract NDArray loss(NDManager batch, int[] users, int[] positives, ItemNegatives negatives);

  /**
   * User and item vectors in evaluation mode, {@code [users, dim]} and {@code [items, dim]}, whose dot
   * products are the model's ranking scores. Made in {@code into}.
   */
  public abstract NDList factors(NDManager into);

  /** The noise model samplers may weight negatives by, or {@code null} when the model has none. */
  public FlipRateModel flipRates() {
    return null;
  }

  /** Writes the weights atomically to {@code file}. */
  public final void saveWeights(Path file) throws IOException {
    TrainingLoop.saveWeights(params, file);
  }

  /** Replaces the weights with those {@link #saveWeights} wrote. */
  public final void loadWeights(Path file) throws IOException {
    TrainingLoop.loadWeights(params, manager, file);
  }

  @Override
  public void close() {
    manager.close();
  }
}
