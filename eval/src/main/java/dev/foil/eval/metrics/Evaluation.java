package dev.foil.eval.metrics;

import java.util.List;
import java.util.Map;

/**
 * Metric values per query and their means, as {@code trec_eval -c -q} reports them.
 *
 * @param metrics the metrics, in the order requested
 * @param perQuery for each evaluated query id, in qrels order, one value per metric
 * @param means the mean of each metric over all evaluated queries
 * @param queriesMissingFromRun judged queries the run did not contain (counted as 0)
 */
public record Evaluation(
    List<Metric> metrics, Map<String, double[]> perQuery, double[] means, int queriesMissingFromRun) {

  /** A metric value as trec_eval prints it: four decimals, rounded half to even. */
  public static String format(double value) {
    return new java.math.BigDecimal(value).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Number of queries averaged over. */
  public int queries() {
    return perQuery.size();
  }

  /** The mean of {@code metric}. */
  public double mean(Metric metric) {
    int i = metrics.indexOf(metric);
    if (i < 0) {
      throw new IllegalArgumentException(metric + " was not evaluated");
    }
    return means[i];
  }

  /** The mean of the metric named {@code name}, e.g. {@code ndcg@10}. */
  public double mean(String name) {
    return mean(Metric.parse(name));
  }

  /** The value of {@code metric} for one query. */
  public double value(String queryId, Metric metric) {
    double[] v = perQuery.get(queryId);
    if (v == null) {
      throw new IllegalArgumentException("query " + queryId + " was not evaluated");
    }
    return v[metrics.indexOf(metric)];
  }
}
