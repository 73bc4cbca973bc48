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
 * Reranks the top {@code k} of each query of a first-stage run with a {@link PairScorer} (a trained cross-encoder); the
 * output holds those k documents ordered by the reranker's score (ties by document id), the rest of the
 * first-stage ranking is dropped.
 */
public final class RunReranker {
  private final PairScorer model;
  private final int k;

  public RunReranker(PairScorer model, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    this.model = model;
    this.k = k;
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
        List<Run.Entry> reranked = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
          reranked.add(new Run.Entry(top.get(i).docId(), s[i]));
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
}
