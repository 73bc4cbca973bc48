package dev.foil.rankers.rerank;

import dev.foil.index.ProgressListener;
import dev.foil.index.run.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reranks the top {@code k} of each query of a first-stage run with a {@link PairScorer} (a trained
 * cross-encoder); the output holds those k documents ordered by the new score (ties by document id), the
 * rest of the first-stage ranking is dropped. The new score is the reranker's, or with an interpolation
 * weight λ &lt; 1, λ·z(reranker) + (1 − λ)·z(first stage), each standardised over the query's k documents
 * (score interpolation, as in hybrid reranking).
 */
public final class RunReranker {
  private final PairScorer model;
  private final int k;
  private final double lambda;

  /** Pure reranking: the reranker's score alone. */
  public RunReranker(PairScorer model, int k) {
    this(model, k, 1);
  }

  /**
   * @param lambda weight of the reranker's standardised score against the first stage's, in [0, 1]
   */
  public RunReranker(PairScorer model, int k, double lambda) {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("illegal interpolation value: " + lambda + ", must be between 0 and 1");
    }
    this.model = model;
    this.k = k;
    this.lambda = lambda;
  }

  /**
   * Reranks {@code run}.
   *
   * @param queries query text by id; queries of the run missing here are an error
   * @param passages passage text by document id
   */
  public Run rerank(Run run, Map<String, String> queries, Function<String, String> passages, ProgressListener progress) {
    Map<String, List<Run.Entry>> out = new LinkedHashMap<>();
    progress.start("rerank", run.size(), "queries");
    try {
      for (String q : run.queryIds()) {
        String text = queries.get(q);
        if (text == null) {
          throw new IllegalArgumentException("the run's query " + q + " is not in the query file");
        }
        List<Run.Entry> first = new ArrayList<>(run.ranking(q));
        first.sort(Comparator.comparingDouble(Run.Entry::score).reversed().thenComparing(Run.Entry::docId));
        List<Run.Entry> top = first.subList(0, Math.min(k, first.size()));
        List<String> qs = new ArrayList<>(top.size());
        List<String> ps = new ArrayList<>(top.size());
        for (Run.Entry e : top) {
          String p = passages.apply(e.docId());
          if (p == null) {
            throw new IllegalArgumentException("the run's document " + e.docId() + " is not in the corpus");
          }
          qs.add(text);
          ps.add(p);
        }
        float[] s = model.score(qs, ps);
        double[] firstStage = top.stream().mapToDouble(Run.Entry::score).toArray();
        double[] rr = new double[s.length];
        for (int i = 0; i < s.length; i++) {
          rr[i] = s[i];
        }
        double[] zr = lambda < 1 ? standardise(rr) : rr;
        double[] zf = lambda < 1 ? standardise(firstStage) : firstStage;
        List<Run.Entry> reranked = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
          double score = lambda == 1 ? rr[i] : lambda * zr[i] + (1 - lambda) * zf[i];
          reranked.add(new Run.Entry(top.get(i).docId(), score));
        }
        reranked.sort(Comparator.comparingDouble(Run.Entry::score).reversed().thenComparing(Run.Entry::docId));
        out.put(q, reranked);
        progress.advance(1);
      }
    } finally {
      progress.finish();
    }
    return Run.of(out);
  }

  /** (x − mean) / sd; all zeros when the values are constant. */
  static double[] standardise(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v / x.length;
    }
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean) / x.length;
    }
    double sd = Math.sqrt(var);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = sd == 0 ? 0 : (x[i] - mean) / sd;
    }
    return out;
  }
}
