package dev.foil.index.source;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.run.Run;
import dev.foil.index.run.TrecRunReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A source that retrieves only the candidates a user gave for each query (a TREC run, e.g. the top-k of
 * one's own retriever: FlagEmbedding's {@code candidate_pool}, per query), ranked and scored by a real
 * source: BM25 or dense scores of exactly those documents. Because the scores are the source's own, a
 * document outside the given candidates (a random draw, a top-up) is scored on the same scale, and the
 * source keeps its name, so {@code --score-source bm25} and the pooling of several sources work as
 * without candidates. A query the file does not list has no candidates.
 */
public final class GivenCandidates implements CandidateSource {
  private final CandidateSource scorer;
  private final Map<String, int[]> byQuery;

  private GivenCandidates(CandidateSource scorer, Map<String, int[]> byQuery) {
    this.scorer = scorer;
    this.byQuery = byQuery;
  }

  /**
   * The candidates of {@code file} (a TREC run; its scores and ranks are not used), ranked by
   * {@code scorer}; closing closes {@code scorer}.
   *
   * @throws IllegalArgumentException naming the file, the count and the first document id the corpus
   *     does not hold
   */
  public static GivenCandidates of(Path file, CandidateSource scorer) throws IOException {
    return new GivenCandidates(scorer, ordinals(file, TrecRunReader.read(file), scorer.docIds()));
  }

  /** The run's document ids as corpus ordinals, per query, in the run's order. */
  static Map<String, int[]> ordinals(Path file, Run run, DocIds ids) {
    Map<String, int[]> out = new HashMap<>();
    int unknown = 0;
    String first = null;
    for (String q : run.queryIds()) {
      List<Run.Entry> ranking = run.ranking(q);
      int[] docs = new int[ranking.size()];
      int n = 0;
      for (Run.Entry e : ranking) {
        OptionalInt o = ids.ordinal(e.docId());
        if (o.isEmpty()) {
          unknown++;
          first = first == null ? e.docId() : first;
        } else {
          docs[n++] = o.getAsInt();
        }
      }
      out.put(q, java.util.Arrays.copyOf(docs, n));
    }
    if (unknown > 0) {
      throw new IllegalArgumentException(file + ": " + unknown + " candidate" + (unknown == 1 ? " is" : "s are")
          + " not in the corpus (first: " + first + "); the candidates must come from the indexed corpus");
    }
    return out;
  }

  /** The number of candidates given for {@code queryId}. */
  public int candidates(String queryId) {
    int[] docs = byQuery.get(queryId);
    return docs == null ? 0 : docs.length;
  }

  @Override
  public String name() {
    return scorer.name();
  }

  @Override
  public DocIds docIds() {
    return scorer.docIds();
  }

  /** The given candidates of {@code query}, best first by the source's score (ties by id), at most {@code k}. */
  @Override
  public CandidateList retrieve(Query query, int k) throws IOException {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    int[] docs = byQuery.getOrDefault(query.id(), new int[0]);
    if (docs.length == 0) {
      return CandidateList.empty(query.id());
    }
    return CandidateList.ranked(query.id(), docs, scorer.score(query, docs), scorer.docIds(), k);
  }

  @Override
  public List<CandidateList> retrieveAll(List<Query> queries, int k, int threads, ProgressListener progress)
      throws IOException {
    progress.start(name() + " candidates", queries.size(), "queries");
    List<CandidateList> out = new ArrayList<>(queries.size());
    try {
      for (Query q : queries) {
        out.add(retrieve(q, k));
        progress.advance(1);
      }
    } finally {
      progress.finish();
    }
    return out;
  }

  @Override
  public float[] score(Query query, int[] docs) throws IOException {
    return scorer.score(query, docs);
  }

  @Override
  public void close() throws IOException {
    scorer.close();
  }
}
