package dev.foil.index.fusion;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.WorkerPool;
import dev.foil.index.data.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;

/**
 * A candidate source over several others (BM25 and dense, say): each retrieves its top
 * {@code depth}, the union is ordered by reciprocal-rank fusion, RRF(d) = Σ_s 1 / (c + rank_s(d))
 * over the sources that retrieved d (Cormack et al., SIGIR 2009, c = 60), ties by document id.
 * {@link #pools} also keeps each source's score and rank of every candidate and of the positives.
 * All sources must index the same corpus in the same order.
 */
public final class PooledCandidateSource implements CandidateSource {
  /** The rank constant of reciprocal-rank fusion, as in Cormack et al. (c = 60). */
  public static final int DEFAULT_RRF_K = 60;

  private final List<CandidateSource> sources;
  private final int depth;
  private final int c;
  private PoolCache cache;

  /**
   * @param sources at least one, over the same corpus
   * @param depth candidates taken from each source, ≥ 1
   * @param c RRF's rank constant, ≥ 0 (60 in the paper)
   */
  public PooledCandidateSource(List<CandidateSource> sources, int depth, int c) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no source to pool");
    }
    if (depth < 1) {
      throw new IllegalArgumentException("illegal depth value: " + depth + ", must be at least 1");
    }
    if (c < 0) {
      throw new IllegalArgumentException("illegal rrf constant: " + c + ", must be at least 0");
    }
    DocIds first = sources.get(0).docIds();
    for (CandidateSource s : sources.subList(1, sources.size())) {
      if (!s.docIds().asList().equals(first.asList())) {
        throw new IllegalArgumentException(
            "sources " + sources.get(0).name() + " and " + s.name() + " do not index the same corpus in the same order");
      }
    }
    this.sources = List.copyOf(sources);
    this.depth = depth;
    this.c = c;
  }

  @Override
  public String name() {
    return "rrf(" + String.join("+", sources.stream().map(CandidateSource::name).toList()) + ")";
  }

  @Override
  public DocIds docIds() {
    return sources.get(0).docIds();
  }

  @Override
  public CandidateList retrieve(Query query, int k) throws IOException {
    return retrieveAll(List.of(query), k, 1, ProgressListener.NONE).get(0);
  }

  @Override
  public List<CandidateList> retrieveAll(List<Query> queries, int k, int threads, ProgressListener progress)
      throws IOException {
    List<List<CandidateList>> perSource = retrieveEach(queries, threads, progress);
    List<CandidateList> out = new ArrayList<>(queries.size());
    for (int q = 0; q < queries.size(); q++) {
      Fused f = fuse(perSource, q);
      int n = Math.min(k, f.docs.length);
      out.add(new CandidateList(queries.get(q).id(), Arrays.copyOf(f.docs, n), Arrays.copyOf(f.scores, n)));
    }
    return out;
  }

  /** RRF scores of the given documents (0 for a document no source retrieved within its depth). */
  @Override
  public float[] score(Query query, int[] docs) throws IOException {
    Fused f = fuse(retrieveEach(List.of(query), 1, ProgressListener.NONE), 0);
    Map<Integer, Float> byDoc = new HashMap<>();
    for (int i = 0; i < f.docs.length; i++) {
      byDoc.put(f.docs[i], f.scores[i]);
    }
    float[] out = new float[docs.length];
    for (int i = 0; i < docs.length; i++) {
      out[i] = byDoc.getOrDefault(docs[i], 0f);
    }
    return out;
  }

  /**
   * The full pool of each query: every candidate any source retrieved, in RRF order, with every
   * source's score and rank; and the positives' scores and ranks under every source, computed even
   * where a source did not retrieve them.
   *
   * @param positives for each query, its positive ordinals
   */
  public List<CandidatePool> pools(List<Query> queries, List<int[]> positives, int threads, ProgressListener progress)
      throws IOException {
    return cache == null ? computePools(queries, positives, threads, progress)
        : cache.get(queries, positives, () -> computePools(queries, positives, threads, progress));
  }

  /**
   * Keeps pools in {@code cache} from now on: {@link #pools} reads a batch it has seen, with the same
   * sources as the cache's fingerprint says, instead of searching again.
   */
  public PooledCandidateSource cachedIn(PoolCache cache) {
    this.cache = cache;
    return this;
  }

  private List<CandidatePool> computePools(List<Query> queries, List<int[]> positives, int threads,
      ProgressListener progress) throws IOException {
    List<List<CandidateList>> perSource = retrieveEach(queries, threads, progress);
    List<CandidatePool> out = new ArrayList<>(queries.size());
    int ns = sources.size();
    for (int q = 0; q < queries.size(); q++) {
      Fused f = fuse(perSource, q);
      int n = f.docs.length;
      float[][] scores = new float[ns][n];
      int[][] ranks = new int[ns][n];
      int[] pos = positives.get(q);
      float[][] posScores = new float[ns][];
      int[][] posRanks = new int[ns][pos.length];
      for (int s = 0; s < ns; s++) {
        CandidateList list = perSource.get(s).get(q);
        Map<Integer, Integer> rankOf = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
          rankOf.put(list.doc(i), i);
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Integer r = rankOf.get(f.docs[i]);
          if (r != null) {
            ranks[s][i] = r + 1;
            scores[s][i] = list.score(r);
          } else {
            missing.add(i);
          }
        }
        // One scoring call per source and query for the unretrieved candidates and the positives
        // together: a dense source encodes the query once per call.
        int[] toScore = new int[missing.size() + pos.length];
        for (int j = 0; j < missing.size(); j++) {
          toScore[j] = f.docs[missing.get(j)];
        }
        System.arraycopy(pos, 0, toScore, missing.size(), pos.length);
        float[] computed = toScore.length == 0 ? new float[0] : sources.get(s).score(queries.get(q), toScore);
        for (int j = 0; j < missing.size(); j++) {
          scores[s][missing.get(j)] = computed[j];
        }
        posScores[s] = java.util.Arrays.copyOfRange(computed, missing.size(), computed.length);
        for (int j = 0; j < pos.length; j++) {
          Integer r = rankOf.get(pos[j]);
          posRanks[s][j] = r == null ? 0 : r + 1;
        }
      }
      out.add(new CandidatePool(queries.get(q).id(), sources.stream().map(CandidateSource::name).toList(),
          f.docs, f.scores, scores, ranks, pos.clone(), posScores, posRanks));
    }
    return out;
  }

  /**
   * Each source's lists, in source order. A single query cannot use threads within a source (BM25
   * searches it on the caller's thread, a dense source encodes it on its own intra-op threads), so with
   * {@code threads} ≥ the number of sources the sources search it side by side instead: the last on
   * the caller's thread, every other on a virtual thread of its own (BM25's search then costs nothing
   * beside a dense source's query encoding). The last, the dense source in the usual order, is the one
   * that calls native code for milliseconds: on the caller it pins no carrier thread of the virtual
   * threads, and the caller finds the short searches done when it joins them. The lists are the same
   * either way.
   */
  private List<List<CandidateList>> retrieveEach(List<Query> queries, int threads, ProgressListener progress)
      throws IOException {
    if (queries.size() == 1 && sources.size() > 1 && threads >= sources.size()) {
      return retrieveSideBySide(queries, progress);
    }
    List<List<CandidateList>> perSource = new ArrayList<>();
    for (CandidateSource s : sources) {
      perSource.add(s.retrieveAll(queries, depth, threads, progress));
    }
    return perSource;
  }

  private List<List<CandidateList>> retrieveSideBySide(List<Query> queries, ProgressListener progress)
      throws IOException {
    int last = sources.size() - 1;
    List<FutureTask<List<CandidateList>>> searches = new ArrayList<>();
    for (int s = 0; s <= last; s++) {
      CandidateSource source = sources.get(s);
      ProgressListener p = s == last ? progress : ProgressListener.NONE;
      searches.add(new FutureTask<>(() -> source.retrieveAll(queries, depth, 1, p)));
    }
    List<Thread> helpers = new ArrayList<>();
    for (int s = 0; s < last; s++) {
      helpers.add(Thread.ofVirtual().name("foil-source-" + sources.get(s).name()).start(searches.get(s)));
    }
    searches.get(last).run();
    boolean interrupted = false;
    for (Thread helper : helpers) {
      while (true) {
        try {
          helper.join(); // the helpers read the caller's query: none may outlive this call
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    List<List<CandidateList>> lists = new ArrayList<>();
    for (FutureTask<List<CandidateList>> search : searches) {
      lists.add(WorkerPool.await(search)); // done: its list, or the source's own exception, first in source order
    }
    return lists;
  }

  private record Fused(int[] docs, float[] scores) {}

  /** RRF over the sources' lists for query {@code q}; sums in double, in source order. */
  private Fused fuse(List<List<CandidateList>> perSource, int q) {
    Map<Integer, Double> rrf = new LinkedHashMap<>();
    for (List<CandidateList> lists : perSource) {
      CandidateList l = lists.get(q);
      for (int i = 0; i < l.size(); i++) {
        rrf.merge(l.doc(i), 1.0 / (c + i + 1), Double::sum);
      }
    }
    DocIds ids = docIds();
    List<Map.Entry<Integer, Double>> entries = new ArrayList<>(rrf.entrySet());
    entries.sort((a, b) -> {
      int cmp = Double.compare(b.getValue(), a.getValue());
      return cmp != 0 ? cmp : ids.id(a.getKey()).compareTo(ids.id(b.getKey()));
    });
    int[] docs = new int[entries.size()];
    float[] scores = new float[entries.size()];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = entries.get(i).getKey();
      scores[i] = entries.get(i).getValue().floatValue();
    }
    return new Fused(docs, scores);
  }

  @Override
  public void close() throws IOException {
    CandidateSource.closeAll(sources);
  }
}
