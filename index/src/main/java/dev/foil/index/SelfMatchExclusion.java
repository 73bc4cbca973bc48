package dev.foil.index;

import dev.foil.index.data.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A candidate source that drops the document whose id equals the query's id, for collections where
 * queries are themselves corpus documents (ArguAna, Quora, CQADupStack). Anserini's
 * {@code -removeQuery} does the same; unlike it, this still returns {@code k} candidates when it can,
 * by asking the wrapped source for one more.
 */
public final class SelfMatchExclusion implements CandidateSource {
  private final CandidateSource inner;

  public SelfMatchExclusion(CandidateSource inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public DocIds docIds() {
    return inner.docIds();
  }

  @Override
  public CandidateList retrieve(Query query, int k) throws IOException {
    return exclude(inner.retrieve(query, k + 1), k);
  }

  @Override
  public List<CandidateList> retrieveAll(List<Query> queries, int k, int threads, ProgressListener progress)
      throws IOException {
    List<CandidateList> lists = inner.retrieveAll(queries, k + 1, threads, progress);
    List<CandidateList> out = new ArrayList<>(lists.size());
    for (CandidateList l : lists) {
      out.add(exclude(l, k));
    }
    return out;
  }

  @Override
  public float[] score(Query query, int[] docs) throws IOException {
    return inner.score(query, docs);
  }

  private CandidateList exclude(CandidateList list, int k) {
    int self = docIds().ordinal(list.queryId()).orElse(-1);
    int[] docs = new int[Math.min(k, list.size())];
    float[] scores = new float[docs.length];
    int n = 0;
    for (int i = 0; i < list.size() && n < docs.length; i++) {
      if (list.doc(i) != self) {
        docs[n] = list.doc(i);
        scores[n++] = list.score(i);
      }
    }
    return new CandidateList(list.queryId(), Arrays.copyOf(docs, n), Arrays.copyOf(scores, n));
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
