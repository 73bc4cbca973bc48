package dev.foil.samplers.pipeline;

import dev.foil.index.data.Query;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.WeightedDraw;
import dev.foil.samplers.adapt.FalseNegativeAdapter;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.SelectionModel;
import dev.foil.samplers.retrieval.CorpusDraw;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Mines the negatives of one anchor from its candidate pool: positives removed, text duplicates of a
 * positive or of the query removed, an optional false-negative adapter, the sampler, a random top-up
 * when too few survive (flagged), and optional weights (1 − p, CET). A pure function of (pool, query,
 * settings): the anchor's random generator comes from the seed and the anchor id alone.
 */
public final class Miner {
  /**
   * What to mine.
   *
   * @param sampler the configured sampler
   * @param n negatives per anchor, ≥ 1
   * @param seed fixes every random choice
   * @param referenceSource index, in the pool's sources, of the source whose scores samplers use
   * @param removeTextDuplicates drop negatives whose text equals a positive's or the query's
   * @param adapter false-negative adapter, or {@code null}
   * @param estimator the estimator the adapter uses, or {@code null}
   * @param selection CET selection model for weights, or {@code null}
   */
  public record Settings(NegativeSampler sampler, int n, long seed, int referenceSource, boolean removeTextDuplicates,
      FalseNegativeAdapter adapter, FalseNegativeEstimator estimator, SelectionModel selection) {
    public Settings {
      if (n < 1) {
        throw new IllegalArgumentException("illegal n value: " + n + ", must be at least 1");
      }
      if ((adapter == null) != (estimator == null)) {
        throw new IllegalArgumentException("a false-negative adapter needs an estimator and vice versa");
      }
    }

    /** These settings with {@code n} negatives per anchor. */
    public Settings withN(int n) {
      return new Settings(sampler, n, seed, referenceSource, removeTextDuplicates, adapter, estimator, selection);
    }
  }

  private final Settings settings;
  private final TextLookup texts;
  private final int corpusSize;

  /**
   * @param texts document texts, needed when removing text duplicates (else may be {@code null})
   * @param corpusSize documents in the corpus, for random top-ups
   */
  public Miner(Settings settings, TextLookup texts, int corpusSize) {
    if (settings.removeTextDuplicates() && texts == null) {
      throw new IllegalArgumentException("removing text duplicates needs document texts");
    }
    this.settings = settings;
    this.texts = texts;
    this.corpusSize = corpusSize;
  }

  public Settings settings() {
    return settings;
  }

  /** The anchor's generator: a function of the seed and the anchor id (FNV-1a of its UTF-8 bytes). */
  public static SplittableRandom rngFor(long seed, String anchorId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : anchorId.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
  }

  /**
   * Mines one anchor.
   *
   * @param planted this anchor's known false negatives (ordinals), for diagnostics, or an empty set
   * @param stats receives the anchor's counts
   */
  public MinedExample mine(CandidatePool pool, Query query, Set<Integer> planted, MiningStats stats) throws IOException {
    int ref = settings.referenceSource();
    int n = settings.n();
    SplittableRandom rng = rngFor(settings.seed(), query.id());
    int[] positives = pool.positives();
    float[] posScores = pool.positiveScores()[ref];
    float positiveScore = Float.POSITIVE_INFINITY;
    for (float s : posScores) {
      positiveScore = Math.min(positiveScore, s);
    }
    Set<Integer> excluded = new HashSet<>();
    for (int p : positives) {
      excluded.add(p);
    }

    // Stage: positives.
    List<Integer> keep = new ArrayList<>(pool.size());
    for (int i = 0; i < pool.size(); i++) {
      if (!excluded.contains(pool.docs()[i])) {
        keep.add(i);
      }
    }
    stats.stage("positives", keep.size(), pool.size() - keep.size());

    // Stage: text duplicates of a positive or of the query.
    Set<String> forbidden = new HashSet<>();
    if (settings.removeTextDuplicates()) {
      forbidden.add(normalise(query.text()));
      for (int p : positives) {
        forbidden.add(normalise(texts.document(p).text()));
      }
      int before = keep.size();
      keep.removeIf(i -> {
        boolean dup = forbidden.contains(normalise(texts.document(pool.docs()[i]).text()));
        if (dup) {
          excluded.add(pool.docs()[i]);
        }
        return dup;
      });
      stats.stage("text-duplicates", keep.size(), before - keep.size());
    }

    // Stage: false-negative estimate, and the drop adapter.
    Map<Integer, Double> pFalse = new HashMap<>();
    FalseNegativeAdapter adapter = settings.adapter();
    if (adapter != null) {
      int[] docs = keep.stream().mapToInt(i -> pool.docs()[i]).toArray();
      double[] p = settings.estimator().estimate(query, positives, docs);
      for (int i = 0; i < docs.length; i++) {
        pFalse.put(docs[i], p[i]);
      }
      if (adapter.mode() == FalseNegativeAdapter.Mode.DROP) {
        int before = keep.size();
        keep.removeIf(i -> pFalse.get(pool.docs()[i]) > adapter.threshold());
        stats.stage(adapter.spec(), keep.size(), before - keep.size());
      }
    }

    // The sampler.
    SamplingContext ctx = context(pool, query, keep, positiveScore, excluded, rng);
    boolean resample = adapter != null && adapter.mode() == FalseNegativeAdapter.Mode.RESAMPLE;
    int[] picked = settings.sampler().sample(ctx, resample ? 2 * n : n);
    if (resample && picked.length > 0) {
      double[] w = new double[picked.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = 1 - pFalse.getOrDefault(picked[i], 0.0);
      }
      int[] idx = WeightedDraw.withoutReplacement(w, n, rng);
      int[] chosen = new int[idx.length];
      for (int i = 0; i < idx.length; i++) {
        chosen[i] = picked[idx[i]];
      }
      picked = chosen;
    }
    stats.stage("sampler " + settings.sampler().spec(), picked.length, Math.max(0, keep.size() - picked.length));

    // Top-up from the corpus, never silently fewer.
    int[] topUps = new int[0];
    if (picked.length < n) {
      topUps = topUp(query, forbidden, excluded, picked, n - picked.length, rng);
    }

    // Negatives with their provenance and weights.
    Map<Integer, Integer> poolIndex = new HashMap<>();
    for (int i = 0; i < pool.size(); i++) {
      poolIndex.put(pool.docs()[i], i);
    }
    int total = picked.length + topUps.length;
    int[] all = Arrays.copyOf(picked, total);
    System.arraycopy(topUps, 0, all, picked.length, topUps.length);
    double[] weights = new double[total];
    Arrays.fill(weights, 1);
    if (adapter != null && adapter.mode() == FalseNegativeAdapter.Mode.REWEIGHT) {
      int[] missing = Arrays.stream(all).filter(d -> !pFalse.containsKey(d)).toArray();
      if (missing.length > 0) {
        double[] p = settings.estimator().estimate(query, positives, missing);
        for (int i = 0; i < missing.length; i++) {
          pFalse.put(missing[i], p[i]);
        }
      }
      for (int i = 0; i < total; i++) {
        weights[i] *= 1 - pFalse.get(all[i]);
      }
    }
    int[] ranks = new int[total];
    for (int i = 0; i < total; i++) {
      Integer pi = poolIndex.get(all[i]);
      ranks[i] = pi == null ? 0 : pool.ranks()[ref][pi];
    }
    if (settings.selection() != null && total > 0) {
      // CET-style weights: negatives likely to have been judged (had they been relevant) are trusted more.
      double[] pj = settings.selection().pJudged(query.id(), all, ranks);
      double mean = Arrays.stream(pj).average().orElse(1);
      for (int i = 0; i < total; i++) {
        weights[i] *= pj[i] / mean;
      }
    }
    List<Negative> negatives = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      boolean isTopUp = i >= picked.length;
      Integer pi = poolIndex.get(all[i]);
      float score = pi == null ? Float.NaN : pool.scores()[ref][pi];
      String source = isTopUp || pi == null ? "corpus" : bestSource(pool, pi);
      negatives.add(new Negative(all[i], score, ranks[i], source, weights[i],
          isTopUp ? "top-up(random)" : settings.sampler().spec(), isTopUp));
    }
    int shortfall = n - total;

    stats.anchors++;
    stats.negatives += total;
    stats.topUps += topUps.length;
    if (shortfall > 0) {
      stats.shortfallAnchors++;
      stats.shortfallTotal += shortfall;
    }
    stats.positiveScore.add(positiveScore);
    for (Negative neg : negatives) {
      stats.rankBuckets[MiningStats.bucket(neg.rank())]++;
      stats.negativeScore.add(neg.score());
      stats.gap.add(positiveScore - neg.score());
      if (planted.contains(neg.doc())) {
        stats.plantedMined++;
      }
    }
    return new MinedExample(query, positives.clone(), posScores.clone(), negatives, shortfall);
  }

  private SamplingContext context(CandidatePool pool, Query query, List<Integer> keep, float positiveScore,
      Set<Integer> excluded, SplittableRandom rng) {
    int m = keep.size();
    int ns = pool.sources().size();
    int ref = settings.referenceSource();
    int[] docs = new int[m];
    float[] scores = new float[m];
    int[] ranks = new int[m];
    float[][] sourceScores = new float[ns][m];
    int[][] sourceRanks = new int[ns][m];
    for (int j = 0; j < m; j++) {
      int i = keep.get(j);
      docs[j] = pool.docs()[i];
      scores[j] = pool.scores()[ref][i];
      ranks[j] = pool.ranks()[ref][i];
      for (int s = 0; s < ns; s++) {
        sourceScores[s][j] = pool.scores()[s][i];
        sourceRanks[s][j] = pool.ranks()[s][i];
      }
    }
    return new SamplingContext(query.id(), docs, scores, ranks, pool.sources(), sourceScores, sourceRanks,
        positiveScore, corpusSize, excluded::contains, rng);
  }

  private int[] topUp(Query query, Set<String> forbidden, Set<Integer> excluded, int[] taken, int want,
      SplittableRandom rng) {
    List<Integer> out = new ArrayList<>();
    int[] already = taken.clone();
    while (out.size() < want) {
      int[] drawn = CorpusDraw.draw(corpusSize, excluded::contains, already, want - out.size(), rng);
      if (drawn.length == 0) {
        break;
      }
      for (int d : drawn) {
        if (settings.removeTextDuplicates() && forbidden.contains(normalise(texts.document(d).text()))) {
          excluded.add(d);
        } else {
          out.add(d);
        }
      }
      already = Arrays.copyOf(taken, taken.length + out.size());
      for (int i = 0; i < out.size(); i++) {
        already[taken.length + i] = out.get(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String bestSource(CandidatePool pool, int i) {
    int best = -1;
    int bestRank = Integer.MAX_VALUE;
    for (int s = 0; s < pool.sources().size(); s++) {
      int r = pool.ranks()[s][i];
      if (r > 0 && r < bestRank) {
        bestRank = r;
        best = s;
      }
    }
    return best < 0 ? pool.sources().get(0) : pool.sources().get(best);
  }

  /** Whitespace-collapsed, trimmed, lower-cased text: what "the same text" means for duplicates. */
  static String normalise(String s) {
    return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
