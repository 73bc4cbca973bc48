package dev.foil.eval.training;

import dev.foil.index.DocIds;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.Query;
import dev.foil.index.run.Run;
import dev.foil.index.vector.ExactVectorIndex;
import dev.foil.index.vector.VectorIndex;
import dev.foil.eval.metrics.Evaluation;
import dev.foil.eval.metrics.Metric;
import dev.foil.eval.metrics.TrecEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores query vectors against passage vectors exactly and evaluates the top {@code depth} with
 * trec_eval semantics: what a trainer logs after each epoch (nDCG@10 and recall@100 by default).
 */
public final class DenseEvaluation {
  private final List<Query> queries;
  private final Qrels qrels;
  private final DocIds docIds;
  private final List<Metric> metrics;
  private final int depth;
  private final int threads;

  /**
   * @param queries the judged queries to evaluate
   * @param docIds the ids of the passage rows
   */
  public DenseEvaluation(List<Query> queries, Qrels qrels, DocIds docIds, List<Metric> metrics, int depth, int threads) {
    this.queries = List.copyOf(queries);
    this.qrels = qrels;
    this.docIds = docIds;
    this.metrics = List.copyOf(metrics);
    this.depth = depth;
    this.threads = threads;
  }

  public List<Query> queries() {
    return queries;
  }

  /**
   * Evaluates.
   *
   * @param queryVectors one row per query of {@link #queries()}, unit length
   * @param passageVectors one row per document of {@code docIds}, unit length
   * @return mean metric values by trec_eval name (e.g. {@code ndcg_cut_10})
   */
  public Map<String, Double> evaluate(float[] queryVectors, float[] passageVectors, int dimension) {
    try (VectorIndex index = new ExactVectorIndex(passageVectors, dimension, threads)) {
      VectorIndex.Hits hits = index.search(queryVectors, Math.min(depth, docIds.size()));
      Map<String, List<Run.Entry>> rankings = new LinkedHashMap<>();
      for (int q = 0; q < queries.size(); q++) {
        List<Run.Entry> r = new ArrayList<>();
        for (int i = q * hits.k(); i < (q + 1) * hits.k(); i++) {
          if (hits.rows()[i] >= 0) {
            r.add(new Run.Entry(docIds.id(hits.rows()[i]), hits.scores()[i]));
          }
        }
        rankings.put(queries.get(q).id(), r);
      }
      Evaluation e = new TrecEvaluator(metrics).evaluate(qrels, Run.of(rankings));
      Map<String, Double> out = new LinkedHashMap<>();
      for (Metric m : metrics) {
        out.put(m.trecEvalName(), e.mean(m));
      }
      return out;
    }
  }
}
