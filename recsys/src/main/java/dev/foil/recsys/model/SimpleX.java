package dev.foil.recsys.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.foil.samplers.items.ItemNegatives;
import dev.foil.samplers.items.UserItems;
import java.util.SplittableRandom;
import dev.foil.train.GraphScalar;

/**
 * SimpleX (Mao et al., "SimpleX: A Simple and Strong Baseline for Collaborative Filtering", CIKM 2021):
 * a user is the mix h_u = γ·e_u + (1−γ)·V·mean(e_j : j in the user's history) (§3.2, Eq. 2, mean
 * aggregation), scored against items by cosine similarity, and trained with the cosine contrastive loss
 * (§3.1, Eq. 1): ReLU(1 − cos(u, i⁺)) + w/N · Σ_j ReLU(cos(u, j⁻) − m) over N sampled negatives.
 *
 * <p>The history is at most {@code historyLength} of the user's training items, a seeded random choice
 * when the user has more, fixed for the run. Dropout applies to h_u while training. With
 * {@code leaveTargetOut}, a training pair's positive is left out of its user's history mean (the mean
 * is over the rest), as a test item is never in the history it is scored with.
 */
public final class SimpleX extends RecModel {
  private static final float EPS = 1e-12f;
  private final NDArray users;
  private final NDArray items;
  private final NDArray mix;
  private final int[] history;
  private final int[] historyLength;
  private final int width;

  public SimpleX(NDManager parent, ModelSettings s, UserItems train) {
    super(parent, s, train.numUsers(), train.numItems());
    users = param("users", manager.randomNormal(0, 1e-4f, new Shape(numUsers, s.dim()), DataType.FLOAT32));
    items = param("items", manager.randomNormal(0, 1e-4f, new Shape(numItems, s.dim()), DataType.FLOAT32));
    float bound = (float) Math.sqrt(6.0 / (2 * s.dim())); // Xavier-uniform
    mix = param("mix", manager.randomUniform(-bound, bound, new Shape(s.dim(), s.dim()), DataType.FLOAT32));
    width = s.historyLength();
    history = new int[numUsers * width];
    historyLength = new int[numUsers];
    SplittableRandom rng = new SplittableRandom(s.seed());
    for (int u = 0; u < numUsers; u++) {
      int[] row = train.row(u);
      for (int k = 0; k < Math.min(width, row.length); k++) { // partial Fisher–Yates
        int j = k + rng.nextInt(row.length - k);
        int t = row[k];
        row[k] = row[j];
        row[j] = t;
      }
      historyLength[u] = Math.min(width, row.length);
      System.arraycopy(row, 0, history, u * width, historyLength[u]);
    }
  }

  /**
   * Fused, L2-normalised user vectors {@code [B, d]} for {@code us}; with {@code targets}, row r's
   * history aggregate leaves out item {@code targets[r]}.
   */
  private NDArray userVectors(NDManager batch, int[] us, int[] targets, boolean training) {
    int b = us.length;
    int[] ids = new int[b * width];
    float[] weights = new float[b * width];
    for (int r = 0; r < b; r++) {
      int n = historyLength[us[r]];
      int base = r * width;
      System.arraycopy(history, us[r] * width, ids, base, n);
      int kept = n;
      int hidden = -1;
      if (targets != null) {
        for (int k = 0; k < n && hidden < 0; k++) {
          if (ids[base + k] == targets[r]) {
            hidden = k;
            kept--;
          }
        }
      }
      for (int k = 0; k < n; k++) {
        weights[base + k] = k == hidden ? 0f : 1f / kept;
      }
    }
    NDArray hist = rows(items, batch.create(ids).reshape(b, width)); // [B, L, d]
    NDArray mean = hist.mul(batch.create(weights).reshape(b, width, 1)).sum(new int[] {1});
    NDArray own = rows(users, batch.create(us));
    NDArray h = own.mul(GraphScalar.of(own, settings.gamma()))
        .add(mean.matMul(mix.transpose()).mul(GraphScalar.of(own, 1 - settings.gamma())));
    if (training && settings.dropout() > 0) {
      h = ai.djl.nn.norm.Dropout.dropout(h, settings.dropout(), true).head();
    }
    return h.normalize(2, 1, EPS);
  }

  @Override
  public NDArray loss(NDManager batch, int[] us, int[] pos, ItemNegatives neg) {
    int b = us.length;
    NDArray u = userVectors(batch, us, settings.leaveTargetOut() ? pos : null, true);
    NDArray qi = rows(items, batch.create(pos)).normalize(2, 1, EPS);
    NDArray qj = rows(items, negativeIds(batch, neg, b)).normalize(2, neg.shared() ? 1 : 2, EPS);
    NDArray cosPos = u.mul(qi).sum(new int[] {1});
    NDArray cosNeg = negativeScores(u, qj, neg);
    NDArray lossPos = Activation.relu(cosPos.neg().add(1));
    NDArray hinge = Activation.relu(cosNeg.sub(settings.margin()));
    NDArray w = negativeWeights(batch, neg, b);
    if (w != null) {
      hinge = hinge.mul(w);
    }
    NDArray lossNeg = hinge.mean(new int[] {1}).mul(GraphScalar.of(hinge, settings.negativeWeight()));
    return lossPos.add(lossNeg).mean();
  }

  @Override
  public float[] score(int[] us, int[] is, int perUser) {
    try (NDManager m = manager.newSubManager()) {
      NDArray u = userVectors(m, us, null, false).expandDims(1);
      NDArray q = rows(items, m.create(is).reshape(us.length, perUser)).normalize(2, 2, EPS);
      return u.mul(q).sum(new int[] {2}).toFloatArray();
    }
  }

  @Override
  public NDList factors(NDManager into) {
    int chunk = 4096;
    NDList parts = new NDList();
    try (NDManager m = manager.newSubManager()) {
      for (int start = 0; start < numUsers; start += chunk) {
        int[] us = new int[Math.min(chunk, numUsers - start)];
        for (int k = 0; k < us.length; k++) {
          us[k] = start + k;
        }
        parts.add(userVectors(m, us, null, false));
      }
      NDArray u = NDArrays.concat(parts);
      NDArray q = items.normalize(2, 1, EPS);
      return new NDList(into.create(u.toFloatArray(), u.getShape()), into.create(q.toFloatArray(), q.getShape()));
    }
  }
}
