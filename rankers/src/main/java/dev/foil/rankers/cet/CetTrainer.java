package dev.foil.rankers.cet;

import dev.foil.index.fusion.CandidatePool;
import java.util.ArrayList;
import java.util.List;

/**
 * Learns {@link CetModel} from judged pools by alternating the two models, each fitted on data weighted
 * by the other's current estimates (an EM algorithm for the product s·r). A judged positive was
 * selected and is relevant. For an unjudged candidate the E-step gives P(relevant | not observed) =
 * r(1−s)/(1−rs) and P(selected | not observed) = s(1−r)/(1−rs); each M-step is a logistic regression of
 * one model on those soft labels, fitted by Newton's method (a handful of coefficients).
 */
public final class CetTrainer {
  private CetTrainer() {}

  /** What training did: the model, and the observed-data log-likelihood per row after each round. */
  public record Result(CetModel model, double[] logLikelihood) {}

  /**
   * Trains on the pools of the judged training queries.
   *
   * @param pools each with its judged positives
   * @param reference index of the source whose ranks define selection
   * @param rounds EM rounds
   */
  public static Result train(List<CandidatePool> pools, int reference, int unranked, int rounds) {
    if (pools.isEmpty()) {
      throw new IllegalArgumentException("no pools to learn from");
    }
    List<String> sources = pools.get(0).sources();
    int wx = CetFeatures.relevanceWidth(sources.size());
    int wz = CetFeatures.SELECTION;
    int rows = 0;
    for (CandidatePool p : pools) {
      rows += p.size() + p.positives().length;
    }
    double[] x = new double[rows * wx];
    double[] z = new double[rows * wz];
    boolean[] y = new boolean[rows];
    double[] weight = new double[rows];
    java.util.Arrays.fill(weight, 1);
    int at = 0;
    for (CandidatePool p : pools) {
      CetFeatures.relevance(p, x, at * wx);
      java.util.Set<Integer> pos = new java.util.HashSet<>();
      for (int d : p.positives()) {
        pos.add(d);
      }
      java.util.Set<Integer> pooled = new java.util.HashSet<>();
      for (int i = 0; i < p.size(); i++) {
        CetFeatures.selection(p.ranks()[reference][i], unranked, z, (at + i) * wz);
        y[at + i] = pos.contains(p.docs()[i]);
        pooled.add(p.docs()[i]);
      }
      for (int j = 0; j < p.positives().length; j++) {
        // A positive the sources retrieved is already a row among the candidates: its copy weighs 0.
        int row = at + p.size() + j;
        CetFeatures.selection(p.positiveRanks()[reference][j], unranked, z, row * wz);
        y[row] = true;
        weight[row] = pooled.contains(p.positives()[j]) ? 0 : 1;
      }
      at += p.size() + p.positives().length;
    }
    double[] alpha = new double[wx];
    double[] beta = new double[wz];
    double[] tr = new double[rows];
    double[] ts = new double[rows];
    double[] ll = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < rows; i++) {
        double r = CetModel.sigmoid(CetModel.dot(alpha, x, i * wx));
        double s = CetModel.sigmoid(CetModel.dot(beta, z, i * wz));
        if (y[i]) {
          tr[i] = 1;
          ts[i] = 1;
        } else {
          double denom = Math.max(1e-12, 1 - r * s);
          tr[i] = r * (1 - s) / denom;
          ts[i] = s * (1 - r) / denom;
        }
      }
      alpha = logistic(x, tr, weight, wx, alpha);
      beta = logistic(z, ts, weight, wz, beta);
      double sum = 0;
      double total = 0;
      for (int i = 0; i < rows; i++) {
        double p = CetModel.sigmoid(CetModel.dot(alpha, x, i * wx)) * CetModel.sigmoid(CetModel.dot(beta, z, i * wz));
        sum += weight[i] * (y[i] ? Math.log(Math.max(1e-300, p)) : Math.log(Math.max(1e-300, 1 - p)));
        total += weight[i];
      }
      ll[round] = sum / total;
    }
    return new Result(new CetModel(alpha, beta, new ArrayList<>(sources), unranked), ll);
  }

  /** Logistic regression on soft labels by Newton's method with a small ridge, from {@code start}. */
  static double[] logistic(double[] features, double[] targets, double[] weights, int w, double[] start) {
    double[] b = start.clone();
    int n = targets.length;
    for (int iter = 0; iter < 25; iter++) {
      double[] grad = new double[w];
      double[][] hess = new double[w][w];
      for (int i = 0; i < n; i++) {
        if (weights[i] == 0) {
          continue;
        }
        double p = CetModel.sigmoid(CetModel.dot(b, features, i * w));
        double g = weights[i] * (targets[i] - p);
        double h = weights[i] * p * (1 - p);
        for (int a = 0; a < w; a++) {
          double xa = features[i * w + a];
          grad[a] += g * xa;
          for (int c = 0; c < w; c++) {
            hess[a][c] += h * xa * features[i * w + c];
          }
        }
      }
      for (int a = 0; a < w; a++) {
        grad[a] -= 1e-4 * b[a];
        hess[a][a] += 1e-4 + 1e-9 * n;
      }
      double[] step = solve(hess, grad);
      double max = 0;
      for (int a = 0; a < w; a++) {
        b[a] += step[a];
        max = Math.max(max, Math.abs(step[a]));
      }
      if (max < 1e-8) {
        break;
      }
    }
    return b;
  }

  /** Solves H·s = g for symmetric positive-definite H (Gaussian elimination with partial pivoting). */
  static double[] solve(double[][] h, double[] g) {
    int w = g.length;
    double[][] a = new double[w][w + 1];
    for (int i = 0; i < w; i++) {
      System.arraycopy(h[i], 0, a[i], 0, w);
      a[i][w] = g[i];
    }
    for (int c = 0; c < w; c++) {
      int piv = c;
      for (int r = c + 1; r < w; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      for (int r = 0; r < w; r++) {
        if (r != c && a[c][c] != 0) {
          double f = a[r][c] / a[c][c];
          for (int k = c; k <= w; k++) {
            a[r][k] -= f * a[c][k];
          }
        }
      }
    }
    double[] s = new double[w];
    for (int i = 0; i < w; i++) {
      s[i] = a[i][i] == 0 ? 0 : a[i][w] / a[i][i];
    }
    return s;
  }
}
