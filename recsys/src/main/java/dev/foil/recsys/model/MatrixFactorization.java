package dev.foil.recsys.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.foil.samplers.items.FlipRateModel;
import dev.foil.samplers.items.ItemNegatives;
import dev.foil.train.GraphScalar;

/**
 * Matrix factorisation, score(u, i) = p_u · q_i, trained with one of three objectives:
 *
 * <ul>
 *   <li>{@code mf-bpr}: BPR (Rendle et al., UAI 2009, Eq. 4): −ln σ(s_ui − s_uj) per sampled negative j;
 *   <li>{@code bpo}: Bayesian point-wise optimisation (Yu and Qin, SIGIR 2020, Eq. 3): the likelihood of
 *       the observed labels, −ln σ(s_ui) − ln(1 − σ(s_uj));
 *   <li>{@code nbpo}: noisy-label robust BPO (same paper, §4): an unvoted item's observed label 0 may
 *       be a true positive flipped with probability ε_uj = σ(a_u · b_j + c), low-rank. The observation
 *       likelihood P(ỹ=1) = (1−ε)·p, P(ỹ=0) = ε·p + (1−p) with p = σ(s) fits ε (with p held fixed);
 *       the preference model is fitted to the surrogate −w·ln(1−p) on unvoted items, w = P(y=0 | ỹ=0) =
 *       (1−p)/(ε·p + 1 − p) the posterior that the item is a true negative, which the {@code nbpo}
 *       sampler supplies (the complete-data likelihood's negative part; its positive part (1−w)·ln p is
 *       left out, so a probable false negative is discounted rather than promoted).
 * </ul>
 *
 * Only positive labels are assumed reliable (observed interactions are not flipped). Regularisation is
 * λ·½(‖p_u‖² + ‖q_i‖² + mean_j ‖q_j‖²) averaged over the batch, as LightGCN's MF baseline.
 */
public final class MatrixFactorization extends RecModel implements FlipRateModel {
  private final NDArray users;
  private final NDArray items;
  private final NDArray flipUsers;
  private final NDArray flipItems;
  private final NDArray flipBias;

  public MatrixFactorization(NDManager parent, ModelSettings s, int numUsers, int numItems) {
    super(parent, s, numUsers, numItems);
    if (s.kind().equals("simplex")) {
      throw new IllegalArgumentException("MatrixFactorization trains mf-bpr, bpo or nbpo, not " + s.kind());
    }
    users = param("users", manager.randomNormal(0, 0.1f, new Shape(numUsers, s.dim()), DataType.FLOAT32));
    items = param("items", manager.randomNormal(0, 0.1f, new Shape(numItems, s.dim()), DataType.FLOAT32));
    if (s.kind().equals("nbpo")) {
      flipUsers = param("flip_users", manager.randomNormal(0, 0.01f, new Shape(numUsers, s.flipRank()), DataType.FLOAT32));
      flipItems = param("flip_items", manager.randomNormal(0, 0.01f, new Shape(numItems, s.flipRank()), DataType.FLOAT32));
      // Flips start rare: ε ≈ σ(−3) ≈ 5 %.
      flipBias = param("flip_bias", manager.create(new float[] {-3f}));
    } else {
      flipUsers = null;
      flipItems = null;
      flipBias = null;
    }
  }

  @Override
  public NDArray loss(NDManager batch, int[] us, int[] pos, ItemNegatives neg) {
    int b = us.length;
    NDArray uid = batch.create(us);
    NDArray iid = batch.create(pos);
    NDArray nid = negativeIds(batch, neg, b);
    NDArray w = negativeWeights(batch, neg, b);
    NDArray u = rows(users, uid);
    NDArray qi = rows(items, iid);
    NDArray qj = rows(items, nid);
    NDArray sPos = u.mul(qi).sum(new int[] {1});
    NDArray sNeg = negativeScores(u, qj, neg);
    NDArray loss = switch (settings.kind()) {
      case "mf-bpr" -> weightedMean(negLogSigmoid(sPos.expandDims(1).sub(sNeg)), w);
      case "bpo" -> negLogSigmoid(sPos).mean().add(weightedMean(negLogSigmoid(sNeg.neg()), w));
      case "nbpo" -> nbpo(batch, uid, iid, nid, sPos, sNeg, w, neg);
      default -> throw new IllegalStateException(settings.kind());
    };
    if (settings.regularization() > 0) {
      NDArray reg = u.square().sum().add(qi.square().sum())
          .add(qj.square().sum().div(GraphScalar.of(qj, neg.shared() ? neg.groups() : neg.perUser())));
      loss = loss.add(reg.mul(GraphScalar.of(reg, 0.5f * settings.regularization() / b)));
    }
    return loss;
  }

  private NDArray nbpo(NDManager batch, NDArray uid, NDArray iid, NDArray nid, NDArray sPos, NDArray sNeg,
      NDArray w, ItemNegatives neg) {
    // Preference model: observed positives, and unvoted items as negatives with weight w = P(y=0|ỹ=0).
    NDArray model = negLogSigmoid(sPos).mean().add(weightedMean(negLogSigmoid(sNeg.neg()), w));
    // Flip rates: exact observation likelihood with the preference p held fixed.
    NDArray a = rows(flipUsers, uid);
    NDArray lPos = a.mul(rows(flipItems, iid)).sum(new int[] {1}).add(flipBias);
    NDArray lNeg = negativeScores(a, rows(flipItems, nid), neg).add(flipBias);
    NDArray pNeg = Activation.sigmoid(sNeg.stopGradient());
    NDArray eps = Activation.sigmoid(lNeg);
    // −ln(1−ε) on positives; −ln(ε·p + 1 − p) on unvoted items.
    NDArray flipPos = Activation.softPlus(lPos).mean();
    NDArray flipNeg = eps.mul(pNeg).add(pNeg.neg().add(1)).log().neg();
    NDArray flip = flipPos.add(w == null ? flipNeg.mean() : flipNeg.mul(w.gt(0).toType(DataType.FLOAT32, false)).mean());
    NDArray flipSquares = a.square().sum().add(rows(flipItems, iid).square().sum());
    NDArray flipReg = flipSquares.mul(
        GraphScalar.of(flipSquares, 0.5f * settings.regularization() / (float) a.getShape().get(0)));
    return model.add(flip).add(flipReg);
  }

  @Override
  public float[] score(int[] us, int[] is, int perUser) {
    try (NDManager m = manager.newSubManager()) {
      NDArray u = rows(users, m.create(us)).expandDims(1);
      NDArray q = rows(items, m.create(is).reshape(us.length, perUser));
      return u.mul(q).sum(new int[] {2}).toFloatArray();
    }
  }

  @Override
  public void trueNegativeProbability(int[] us, int[] is, int perUser, float[] out) {
    if (flipUsers == null) {
      java.util.Arrays.fill(out, 1f);
      return;
    }
    try (NDManager m = manager.newSubManager()) {
      NDArray uid = m.create(us);
      NDArray iid = m.create(is).reshape(us.length, perUser);
      NDArray p = Activation.sigmoid(rows(users, uid).expandDims(1).mul(rows(items, iid)).sum(new int[] {2}));
      NDArray eps = Activation.sigmoid(
          rows(flipUsers, uid).expandDims(1).mul(rows(flipItems, iid)).sum(new int[] {2}).add(flipBias));
      NDArray notP = p.neg().add(1);
      float[] w = notP.div(eps.mul(p).add(notP)).toFloatArray();
      System.arraycopy(w, 0, out, 0, w.length);
    }
  }

  @Override
  public FlipRateModel flipRates() {
    return flipUsers == null ? null : this;
  }

  @Override
  public NDList factors(NDManager into) {
    return new NDList(into.create(users.toFloatArray(), users.getShape()),
        into.create(items.toFloatArray(), items.getShape()));
  }
}
