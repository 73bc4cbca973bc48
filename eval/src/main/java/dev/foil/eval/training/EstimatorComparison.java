package dev.foil.eval.training;

import dev.foil.index.ProgressListener;
import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Query;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.synthetic.PlantedFalseNegatives;
import dev.foil.index.vector.ExactVectorIndex;
import dev.foil.index.vector.VectorIndex;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.TeacherMarginEstimator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well an estimate of P(false negative) separates the planted false negatives of a synthetic
 * collection from the other candidates (which are truly irrelevant there): the AUC of a learned
 * estimator beside the teacher-margin baseline on the same dense candidates.
 *
 * @param queries judged queries evaluated
 * @param planted candidates that are planted false negatives
 * @param others the remaining candidates
 */
public record EstimatorComparison(int queries, long planted, long others, double learnedAuc, double baselineAuc) {

  /**
   * For every judged query of {@code split}: the store's exact top {@code depth} without its positives
   * are the candidates; both estimators score them.
   */
  public static EstimatorComparison run(BeirDataset data, String split, EmbeddingStore store, Encoder encoder,
      FalseNegativeEstimator learned, int depth, int threads) throws IOException {
    if (!PlantedFalseNegatives.present(data.dir())) {
      throw new IllegalArgumentException(data.dir() + " lists no planted false negatives (only synthetic collections do)");
    }
    Map<String, Set<String>> plantedByQuery = new HashMap<>();
    for (PlantedFalseNegatives.Entry e : PlantedFalseNegatives.read(data.dir())) {
      plantedByQuery.computeIfAbsent(e.queryId(), k -> new HashSet<>()).add(e.docId());
    }
    Qrels qrels = QrelsReader.read(data.qrels(split));
    List<Query> queries = QueriesReader.read(data.queries()).stream().filter(q -> qrels.queryIds().contains(q.id())).toList();
    int d = store.dimension();
    float[] qv = encoder.encodeQueries(queries.stream().map(Query::text).toList(), ProgressListener.NONE);
    Map<String, Integer> row = new HashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      row.put(queries.get(i).id(), i);
    }
    TeacherMarginEstimator baseline = new TeacherMarginEstimator((query, docs) -> {
      float[] out = new float[docs.length];
      float[] v = new float[d];
      int r = row.get(query.id());
      for (int i = 0; i < docs.length; i++) {
        store.vector(docs[i], v, 0);
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += v[k] * qv[r * d + k];
        }
        out[i] = (float) s;
      }
      return out;
    }, 0.05);
    List<Double> learnedScores = new ArrayList<>();
    List<Double> baselineScores = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    int evaluated = 0;
    try (VectorIndex index = new ExactVectorIndex(store.toArray(), d, threads)) {
      VectorIndex.Hits hits = index.search(qv, Math.min(depth, store.size()));
      for (int q = 0; q < queries.size(); q++) {
        Query query = queries.get(q);
        List<Integer> pos = new ArrayList<>();
        qrels.judgments(query.id()).forEach((doc, grade) -> {
          if (grade > 0) {
            store.docIds().ordinal(doc).ifPresent(pos::add);
          }
        });
        if (pos.isEmpty()) {
          continue;
        }
        List<Integer> cands = new ArrayList<>();
        for (int i = q * hits.k(); i < (q + 1) * hits.k(); i++) {
          int doc = hits.rows()[i];
          if (doc >= 0 && !pos.contains(doc)) {
            cands.add(doc);
          }
        }
        int[] p = pos.stream().mapToInt(Integer::intValue).toArray();
        int[] c = cands.stream().mapToInt(Integer::intValue).toArray();
        double[] l = learned.estimate(query, p, c);
        double[] b = baseline.estimate(query, p, c);
        Set<String> planted = plantedByQuery.getOrDefault(query.id(), Set.of());
        for (int i = 0; i < c.length; i++) {
          learnedScores.add(l[i]);
          baselineScores.add(b[i]);
          labels.add(planted.contains(store.docIds().id(c[i])));
        }
        evaluated++;
      }
    }
    double[] ls = learnedScores.stream().mapToDouble(Double::doubleValue).toArray();
    double[] bs = baselineScores.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] y = new boolean[labels.size()];
    long planted = 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.get(i);
      planted += y[i] ? 1 : 0;
    }
    return new EstimatorComparison(evaluated, planted, y.length - planted, Auc.of(ls, y), Auc.of(bs, y));
  }
}
