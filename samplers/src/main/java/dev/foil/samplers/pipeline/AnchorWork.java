package dev.foil.samplers.pipeline;

import dev.foil.index.Seeds;
import dev.foil.index.data.Query;
import dev.foil.index.fusion.CandidatePool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The working state of one anchor as it passes the miner's stages: what is still a candidate, what
 * is excluded, what the sampler and the top-up chose, and the weights. Made per anchor and never
 * shared between threads.
 */
final class AnchorWork {
  final Miner.Settings settings;
  final CandidatePool pool;
  final Query query;
  final SplittableRandom rng;
  final TextLookup texts;
  final int corpusSize;
  final boolean explain;
  /** The reference score of the lowest positive. */
  final float positiveScore;
  /** Corpus ordinals nothing may return: positives, text duplicates. */
  final Set<Integer> excluded = new HashSet<>();
  /** Normalised texts a negative may not have (the query's, the positives'). */
  final SameText forbidden = new SameText();
  /** Filter stages applied to the pool so far, for explanations. */
  final List<String> filters = new ArrayList<>();
  /** P(false negative) by corpus ordinal, when an adapter runs. */
  final Map<Integer, Double> pFalse = new HashMap<>();
  /** The sampler's first-draw probability by corpus ordinal, when explaining. */
  final Map<Integer, Double> probability = new HashMap<>();
  /** Weight factors by corpus ordinal and stage, when explaining. */
  final Map<Integer, Map<String, Double>> factors = new HashMap<>();
  /** Pool indexes still candidates. */
  List<Integer> keep;
  /** Filter stages a top-up passes (those that also apply to corpus draws). */
  List<String> topUpFilters = List.of();
  int[] picked = new int[0];
  int[] topUps = new int[0];
  /** The negatives in order, picked then topped up, with their reference ranks and weights. */
  int[] all;
  int[] ranks;
  double[] weights;
  private Map<Integer, Integer> poolIndex;

  AnchorWork(Miner.Settings settings, CandidatePool pool, Query query, TextLookup texts, int corpusSize) {
    this.settings = settings;
    this.pool = pool;
    this.query = query;
    this.rng = Seeds.forKey(settings.seed(), query.id());
    this.texts = texts;
    this.corpusSize = corpusSize;
    this.explain = settings.explain();
    float lowest = Float.POSITIVE_INFINITY;
    for (float s : pool.positiveScores()[settings.referenceSource()]) {
      lowest = Math.min(lowest, s);
    }
    this.positiveScore = lowest;
  }

  /** The pool index of corpus ordinal {@code doc}, or {@code null} when the pool does not hold it. */
  Integer poolIndex(int doc) {
    if (poolIndex == null) {
      poolIndex = new HashMap<>();
      for (int i = 0; i < pool.size(); i++) {
        poolIndex.put(pool.docs()[i], i);
      }
    }
    return poolIndex.get(doc);
  }

  void factor(int doc, String stage, double f) {
    if (explain) {
      factors.computeIfAbsent(doc, k -> new HashMap<>()).put(stage, f);
    }
  }
}
