package dev.foil.eval.metrics;

import dev.foil.index.data.Qrels;
import dev.foil.index.run.Run;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a run against relevance judgments with the semantics of trec_eval 9 run as
 * {@code trec_eval -c}:
 *
 * <ul>
 *   <li>each query's documents are ranked by score descending, ties broken by document id
 *       <em>descending</em> (trec_eval ignores the rank column);
 *   <li>a document is relevant when its grade is at least 1; nDCG uses the grade as a linear gain
 *       (negative grades gain 0) and the ideal DCG of all judged relevant documents;
 *   <li>the mean is over every query in the judgments: a judged query missing from the run, or one
 *       with no relevant document, counts as 0; run queries without judgments are ignored.
 * </ul>
 */
public final class TrecEvaluator {
  private final List<Metric> metrics;

  public TrecEvaluator(List<Metric> metrics) {
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("no metric given");
    }
    this.metrics = List.copyOf(metrics);
  }

  /** Evaluates {@code run} against {@code qrels}. */
  public Evaluation evaluate(Qrels qrels, Run run) {
    Map<String, double[]> perQuery = new LinkedHashMap<>();
    double[] sums = new double[metrics.size()];
    int missing = 0;
    for (String q : qrels.queryIds()) {
      List<Run.Entry> ranking = run.ranking(q);
      if (ranking.isEmpty()) {
        missing++;
      }
      double[] values = evaluateQuery(qrels.judgments(q), ranking);
      perQuery.put(q, values);
      for (int i = 0; i < values.length; i++) {
        sums[i] += values[i];
      }
    }
    int n = perQuery.size();
    double[] means = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      means[i] = n == 0 ? 0 : sums[i] / n;
    }
    return new Evaluation(metrics, perQuery, means, missing);
  }

  /** The metric values of one query, in the order of the metrics. */
  public double[] evaluateQuery(Map<String, Integer> judgments, List<Run.Entry> ranking) {
    List<Run.Entry> sorted = new ArrayList<>(ranking);
    sorted.sort(
        (a, b) -> {
          int c = Double.compare(b.score(), a.score());
          return c != 0 ? c : compareCodePoints(b.docId(), a.docId());
        });
    int n = sorted.size();
    int[] gains = new int[n];
    for (int i = 0; i < n; i++) {
      Integer g = judgments.get(sorted.get(i).docId());
      gains[i] = g == null ? 0 : Math.max(0, g);
    }
    int[] ideal = judgments.values().stream().filter(g -> g > 0).mapToInt(Integer::intValue).toArray();
    Arrays.sort(ideal);
    reverse(ideal);
    int numRel = ideal.length;

    double[] values = new double[metrics.size()];
    for (int m = 0; m < values.length; m++) {
      Metric metric = metrics.get(m);
      int cut = metric.cutoff() == 0 ? n : Math.min(metric.cutoff(), n);
      values[m] =
          switch (metric.kind()) {
            case NDCG -> ndcg(gains, cut, ideal, metric.cutoff() == 0 ? ideal.length : metric.cutoff());
            case RR -> reciprocalRank(gains, cut);
            case RECALL -> numRel == 0 ? 0 : (double) relevantWithin(gains, cut) / numRel;
            case AP -> averagePrecision(gains, cut, numRel);
            case P -> (double) relevantWithin(gains, cut) / metric.cutoff();
          };
    }
    return values;
  }

  /**
   * nDCG = DCG / IDCG with DCG = Σ_{i<k} gain_i / log2(i + 2), i the 0-based rank; IDCG is the DCG
   * of the judged relevant grades sorted descending, cut at k.
   */
  private static double ndcg(int[] gains, int cut, int[] ideal, int idealCut) {
    double idcg = 0;
    for (int i = 0; i < Math.min(idealCut, ideal.length); i++) {
      idcg += ideal[i] / log2(i + 2);
    }
    if (idcg == 0) {
      return 0;
    }
    double dcg = 0;
    for (int i = 0; i < cut; i++) {
      if (gains[i] > 0) {
        dcg += gains[i] / log2(i + 2);
      }
    }
    return dcg / idcg;
  }

  private static double reciprocalRank(int[] gains, int cut) {
    for (int i = 0; i < cut; i++) {
      if (gains[i] > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  private static int relevantWithin(int[] gains, int cut) {
    int r = 0;
    for (int i = 0; i < cut; i++) {
      if (gains[i] > 0) {
        r++;
      }
    }
    return r;
  }

  /** AP = (1 / |relevant|) Σ over relevant ranks r ≤ k of precision@r. */
  private static double averagePrecision(int[] gains, int cut, int numRel) {
    if (numRel == 0) {
      return 0;
    }
    double sum = 0;
    int rel = 0;
    for (int i = 0; i < cut; i++) {
      if (gains[i] > 0) {
        rel++;
        sum += (double) rel / (i + 1);
      }
    }
    return sum / numRel;
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }

  private static void reverse(int[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Compares by Unicode code point, which is the byte order of UTF-8 (C's strcmp). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
