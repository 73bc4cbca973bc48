package dev.foil.samplers.pipeline;

import dev.foil.index.data.Query;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.samplers.ComposedSampler;
import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.adapt.CandidateScorer;
import dev.foil.samplers.adapt.FalseNegativeAdapter;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.SelectionModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mines the negatives of one anchor from its candidate pool as a pipeline of stages: positives removed,
 * text duplicates of a positive or of the query removed, an optional false-negative adapter, the
 * sampler, a random top-up when too few survive (flagged), and the weights (1 − p, CET). A pure
 * function of (pool, query, settings): the anchor's random generator comes from the seed and the
 * anchor id alone. Each anchor yields immutable counters ({@link AnchorStats}) and, when asked, an
 * {@link Explanation} per negative.
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
   * @param explain give every negative an {@link Explanation}
   */
  public record Settings(NegativeSampler sampler, int n, long seed, int referenceSource, boolean removeTextDuplicates,
      FalseNegativeAdapter adapter, FalseNegativeEstimator estimator, SelectionModel selection, boolean explain) {
    public Settings {
      if (n < 1) {
        throw new IllegalArgumentException("illegal n value: " + n + ", must be at least 1");
      }
      if ((adapter == null) != (estimator == null)) {
        throw new IllegalArgumentException("a false-negative adapter needs an estimator and vice versa");
      }
    }

    /** Settings without explanations. */
    public Settings(NegativeSampler sampler, int n, long seed, int referenceSource, boolean removeTextDuplicates,
        FalseNegativeAdapter adapter, FalseNegativeEstimator estimator, SelectionModel selection) {
      this(sampler, n, seed, referenceSource, removeTextDuplicates, adapter, estimator, selection, false);
    }

    /** These settings with an {@link Explanation} for every negative. */
    public Settings withExplanations() {
      return new Settings(sampler, n, seed, referenceSource, removeTextDuplicates, adapter, estimator, selection, true);
    }

    /** These settings with {@code n} negatives per anchor. */
    public Settings withN(int n) {
      return new Settings(sampler, n, seed, referenceSource, removeTextDuplicates, adapter, estimator, selection, explain);
    }
  }

  private final Settings settings;
  private final TextLookup texts;
  private final int corpusSize;
  private final CandidateScorer outside;
  private final CandidateScorer teacher;
  private final List<MinerStage> stages;

  /**
   * A miner whose negatives from outside the pool (random draws, top-ups) have no reference score (NaN):
   * for pools without a source behind them, as in tests.
   *
   * @param texts document texts, needed when removing text duplicates (else may be {@code null})
   * @param corpusSize documents in the corpus, for random top-ups
   */
  public Miner(Settings settings, TextLookup texts, int corpusSize) {
    this(settings, texts, corpusSize, null, null);
  }

  /**
   * @param texts document texts, needed when removing text duplicates (else may be {@code null})
   * @param corpusSize documents in the corpus, for random top-ups
   * @param outside the reference source's scores of documents the pool does not hold (random draws,
   *     top-ups), or {@code null} to leave them NaN
   * @param teacher rescores the positives and every kept negative (a cross-encoder, say): the scores a
   *     training file carries; or {@code null}
   */
  public Miner(Settings settings, TextLookup texts, int corpusSize, CandidateScorer outside, CandidateScorer teacher) {
    if (settings.removeTextDuplicates() && texts == null) {
      throw new IllegalArgumentException("removing text duplicates needs document texts");
    }
    this.settings = settings;
    this.texts = texts;
    this.corpusSize = corpusSize;
    this.outside = outside;
    this.teacher = teacher;
    List<MinerStage> st = new ArrayList<>();
    st.add(new PositivesStage());
    if (settings.removeTextDuplicates()) {
      st.add(new TextDuplicatesStage());
    }
    if (settings.adapter() != null) {
      st.add(new FalseNegativeStage());
    }
    NegativeSampler drawing = settings.sampler();
    if (drawing instanceof ComposedSampler composed) {
      for (NegativeSampler f : composed.filters()) {
        st.add(new FilterStage(f));
      }
      drawing = composed.last();
    }
    st.add(new SamplerStage(drawing));
    st.add(new TopUpStage());
    st.add(new WeightingStage());
    this.stages = List.copyOf(st);
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Mines one anchor and adds its counters to {@code stats}.
   *
   * @param planted this anchor's known false negatives (ordinals), for diagnostics, or an empty set
   */
  public MinedExample mine(CandidatePool pool, Query query, Set<Integer> planted, MiningStats stats) throws IOException {
    MinedExample ex = mine(pool, query, planted);
    stats.add(ex.stats());
    return ex;
  }

  /**
   * Mines one anchor; the example carries its counters and, when the settings ask, its explanations.
   *
   * @param planted this anchor's known false negatives (ordinals), for diagnostics, or an empty set
   */
  public MinedExample mine(CandidatePool pool, Query query, Set<Integer> planted) throws IOException {
    AnchorWork w = new AnchorWork(settings, pool, query, texts, corpusSize);
    List<StageCount> counts = new ArrayList<>();
    for (MinerStage stage : stages) {
      StageCount c = stage.apply(w);
      if (c != null) {
        counts.add(c);
      }
    }
    int ref = settings.referenceSource();
    int total = w.all.length;
    List<Negative> negatives = new ArrayList<>(total);
    List<Explanation> explanations = new ArrayList<>(settings.explain() ? total : 0);
    float[] scores = referenceScores(w, pool, query);
    int plantedMined = 0;
    String chosenBy = settings.sampler().spec();
    for (int i = 0; i < total; i++) {
      int doc = w.all[i];
      boolean isTopUp = i >= w.picked.length;
      Integer pi = w.poolIndex(doc);
      float score = scores[i];
      String source = isTopUp || pi == null ? "corpus" : bestSource(pool, pi);
      String reason = isTopUp ? "top-up(random)" : chosenBy;
      negatives.add(new Negative(doc, score, w.ranks[i], source, w.weights[i], reason, isTopUp));
      plantedMined += planted.contains(doc) ? 1 : 0;
      if (settings.explain()) {
        explanations.add(new Explanation(isTopUp ? reason : "sampler " + chosenBy,
            isTopUp ? w.topUpFilters : w.filters, score, w.ranks[i], isTopUp ? null : w.probability.get(doc),
            w.pFalse.get(doc), w.factors.getOrDefault(doc, Map.of())));
      }
    }
    int shortfall = settings.n() - total;
    AnchorStats stats = new AnchorStats(counts, w.topUps.length, Math.max(0, shortfall), w.positiveScore, scores,
        w.ranks, plantedMined);
    return new MinedExample(query, pool.positives().clone(), pool.positiveScores()[ref].clone(), negatives, shortfall,
        explanations, stats, teacherScores(query, pool.positives(), w.all));
  }

  /**
   * Each chosen negative's reference score: from the pool where it holds the document, else from the
   * reference source in one call for the anchor (NaN without a scorer for it).
   */
  private float[] referenceScores(AnchorWork w, CandidatePool pool, Query query) throws IOException {
    int ref = settings.referenceSource();
    float[] scores = new float[w.all.length];
    int[] outsideAt = new int[w.all.length];
    int outsideCount = 0;
    for (int i = 0; i < scores.length; i++) {
      Integer pi = w.poolIndex(w.all[i]);
      if (pi != null) {
        scores[i] = pool.scores()[ref][pi];
      } else {
        scores[i] = Float.NaN;
        outsideAt[outsideCount++] = i;
      }
    }
    if (outsideCount > 0 && outside != null) {
      int[] docs = new int[outsideCount];
      for (int j = 0; j < outsideCount; j++) {
        docs[j] = w.all[outsideAt[j]];
      }
      float[] s = outside.score(query, docs);
      for (int j = 0; j < outsideCount; j++) {
        scores[outsideAt[j]] = s[j];
      }
    }
    return scores;
  }

  /**
   * The teacher's scores of the positives and the kept negatives, in one call (one batch for a
   * cross-encoder), or {@code null} without a teacher.
   */
  private MinedExample.TeacherScores teacherScores(Query query, int[] positives, int[] negatives) throws IOException {
    if (teacher == null) {
      return null;
    }
    int[] both = Arrays.copyOf(positives, positives.length + negatives.length);
    System.arraycopy(negatives, 0, both, positives.length, negatives.length);
    float[] s = teacher.score(query, both);
    return new MinedExample.TeacherScores(Arrays.copyOf(s, positives.length),
        Arrays.copyOfRange(s, positives.length, s.length));
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
}
