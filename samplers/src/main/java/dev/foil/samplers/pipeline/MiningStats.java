package dev.foil.samplers.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of a mining run, a mergeable value object (like Caffeine's CacheStats): per stage kept and
 * dropped, shortfalls, top-ups, score summaries (positive, negative, gap = positive − negative), the
 * ranks negatives came from, and — when planted false negatives are known — how many were mined.
 */
public final class MiningStats {
  /** Running count, mean and variance (Welford), min and max; mergeable (Chan et al.). */
  public static final class Summary {
    public long count;
    public double mean;
    public double m2;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;

    void add(double x) {
      if (Double.isNaN(x)) {
        return;
      }
      count++;
      double d = x - mean;
      mean += d / count;
      m2 += d * (x - mean);
      min = Math.min(min, x);
      max = Math.max(max, x);
    }

    void merge(Summary o) {
      if (o.count == 0) {
        return;
      }
      long n = count + o.count;
      double d = o.mean - mean;
      m2 += o.m2 + d * d * count * o.count / n;
      mean += d * o.count / n;
      count = n;
      min = Math.min(min, o.min);
      max = Math.max(max, o.max);
    }

    public double sd() {
      return count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
    }
  }

  /** Rank buckets of mined negatives: 1–10, 11–50, 51–100, 101–200, beyond 200, unranked/top-up. */
  public static final String[] RANK_BUCKETS = {"1-10", "11-50", "51-100", "101-200", ">200", "unranked"};

  public long anchors;
  public long negatives;
  public long topUps;
  public long shortfallAnchors;
  public long shortfallTotal;
  public long plantedMined;
  public final Map<String, long[]> stages = new LinkedHashMap<>(); // stage -> {kept, dropped}
  public final long[] rankBuckets = new long[RANK_BUCKETS.length];
  public Summary positiveScore = new Summary();
  public Summary negativeScore = new Summary();
  public Summary gap = new Summary();

  void stage(String name, long kept, long dropped) {
    long[] c = stages.computeIfAbsent(name, k -> new long[2]);
    c[0] += kept;
    c[1] += dropped;
  }

  static int bucket(int rank) {
    if (rank <= 0) {
      return 5;
    }
    return rank <= 10 ? 0 : rank <= 50 ? 1 : rank <= 100 ? 2 : rank <= 200 ? 3 : 4;
  }

  /** Adds one anchor's counters into this, exactly as if they had been counted here. */
  public void add(AnchorStats a) {
    MiningStats one = new MiningStats();
    for (StageCount c : a.stages()) {
      one.stage(c.stage(), c.kept(), c.dropped());
    }
    one.anchors = 1;
    one.negatives = a.negatives();
    one.topUps = a.topUps();
    if (a.shortfall() > 0) {
      one.shortfallAnchors = 1;
      one.shortfallTotal = a.shortfall();
    }
    one.positiveScore.add(a.positiveScore());
    for (int i = 0; i < a.negatives(); i++) {
      one.rankBuckets[bucket(a.negativeRanks()[i])]++;
      one.negativeScore.add(a.negativeScores()[i]);
      one.gap.add(a.positiveScore() - a.negativeScores()[i]);
    }
    one.plantedMined = a.plantedMined();
    merge(one);
  }

  /** Adds {@code o} into this. */
  public void merge(MiningStats o) {
    anchors += o.anchors;
    negatives += o.negatives;
    topUps += o.topUps;
    shortfallAnchors += o.shortfallAnchors;
    shortfallTotal += o.shortfallTotal;
    plantedMined += o.plantedMined;
    o.stages.forEach((k, v) -> stage(k, v[0], v[1]));
    for (int i = 0; i < rankBuckets.length; i++) {
      rankBuckets[i] += o.rankBuckets[i];
    }
    positiveScore.merge(o.positiveScore);
    negativeScore.merge(o.negativeScore);
    gap.merge(o.gap);
  }

  /** Share of mined negatives that are planted false negatives. */
  public double falseNegativeRate() {
    return negatives == 0 ? 0 : (double) plantedMined / negatives;
  }
}
