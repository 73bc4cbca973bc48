package dev.foil.eval.recsys;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.foil.index.ProgressListener;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.recsys.model.RecModel;
import dev.foil.recsys.score.FullRanking;
import dev.foil.recsys.train.RecsysTraining;
import dev.foil.samplers.items.UserItems;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates a recommendation model by full ranking: for every user with held-out items, all items
 * are ranked with the training items masked, and Recall, NDCG, Precision and HitRate at each K are
 * averaged over those users.
 */
public final class RecsysEvaluation {
  /** {@code --k}: the cut-offs. */
  public static final JobOption<int[]> K = JobOption.of("k", int[].class, new int[] {20}, "cut-offs");
  /** {@code --model} of {@code foil recsys eval}. */
  public static final JobOption<Path> MODEL = JobOption.required("model", Path.class, "DIR",
      "model directory (OUT/model of recsys train)");
  /** {@code --seed} of {@code foil recsys eval}. */
  public static final JobOption<Long> SEED = JobOption.of("seed", Long.class, 42L, "seed of a random split");
  /** The options of {@code foil recsys eval}. */
  public static final JobOptions OPTIONS = new JobOptions("foil recsys eval", RecsysTraining.DATA_OPTIONS,
      List.of(MODEL, SEED, K));

  private final UserItems train;
  private final UserItems test;
  private final int[] ks;

  /** @param ks cut-offs, e.g. {@code {20}} */
  public RecsysEvaluation(UserItems train, UserItems test, int... ks) {
    this.train = train;
    this.test = test;
    this.ks = checkCutoffs(ks);
  }

  /**
   * A copy of {@code ks}, checked: at least one, each positive.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static int[] checkCutoffs(int[] ks) {
    if (ks == null || ks.length == 0 || Arrays.stream(ks).anyMatch(k -> k < 1)) {
      throw new IllegalArgumentException("--k: cut-offs must be positive, at least one");
    }
    return ks.clone();
  }

  /** Metrics as one line: {@code recall@20 0.1214  ndcg@20 0.1016 ...}; counts without decimals. */
  public static String format(Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder();
    metrics.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "  ").append(k).append(' ')
        .append(String.format(Locale.ROOT, v == Math.rint(v) && v >= 1 ? "%.0f" : "%.4f", v)));
    return sb.toString();
  }

  /** Users that have held-out items. */
  public int[] users() {
    return java.util.stream.IntStream.range(0, test.numUsers()).filter(u -> test.degree(u) > 0).toArray();
  }

  /** Mean metrics, keyed {@code recall@20}, {@code ndcg@20}, {@code precision@20}, {@code hit@20}. */
  public Map<String, Double> evaluate(RecModel model, ProgressListener progress) {
    try (NDManager m = model.manager().newSubManager()) {
      NDList f = model.factors(m);
      return evaluate(new FullRanking(f.get(0), f.get(1), train, 256), progress);
    }
  }

  /** Mean metrics of the rankings {@code ranking} produces. */
  public Map<String, Double> evaluate(FullRanking ranking, ProgressListener progress) {
    int[] users = users();
    int maxK = Arrays.stream(ks).max().orElseThrow();
    int[][] top = ranking.topK(users, maxK, progress);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k : ks) {
      double recall = 0;
      double ndcg = 0;
      double precision = 0;
      double hit = 0;
      for (int r = 0; r < users.length; r++) {
        RankingMetrics.Values v = RankingMetrics.of(top[r], test.row(users[r]), k);
        recall += v.recall();
        ndcg += v.ndcg();
        precision += v.precision();
        hit += v.hitRate();
      }
      out.put("recall@" + k, recall / users.length);
      out.put("ndcg@" + k, ndcg / users.length);
      out.put("precision@" + k, precision / users.length);
      out.put("hit@" + k, hit / users.length);
    }
    return out;
  }
}
