package dev.foil.cli;

import dev.foil.index.job.JobOptions;
import dev.foil.samplers.mining.MiningOptions;
import dev.foil.samplers.mining.MiningRun;
import dev.foil.samplers.mining.MiningService;
import dev.foil.samplers.pipeline.MiningStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/** {@code foil mine}: negatives for every judged query, written as a training file. */
@Command(
    name = "mine",
    mixinStandardHelpOptions = true,
    description = {
      "Mine negatives for every query with positives: candidates from BM25 and/or dense retrieval (pooled",
      "and fused when both), filters (positives, text duplicates, an optional false-negative adapter), a",
      "sampler, random top-up when too few survive, and a training file in the chosen format with a",
      "manifest beside it. Same seed, same bytes, at any thread count; --resume continues a killed run.",
      "Samplers: random, top-k, window(lo,hi), score-window(lo,hi), absolute-margin(m), relative-margin(m),",
      "simans(a,b), simans-code(a,b), simans-laplace(tau), quota(bm25=7,dense=8), and the scale-free forms on",
      "each query's pool z-scores, which mean the same on BM25 and cosine scores: simans-z(a,b),",
      "score-window-z(lo,hi), absolute-margin-z(m); score bounds max-score(x), min-score(x). Filters (windows,",
      "margins, bounds) compose before any sampler: 'window(10,210) | relative-margin(0.05) | simans-z(a=4)'."
    })
final class MineCommand implements Callable<Integer>, JobFlags.Declared {
  @picocli.CommandLine.Spec CommandSpec spec;

  @Mixin RunOptions options;

  @Override
  public JobOptions jobOptions() {
    return MiningOptions.OPTIONS;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    JobOptions.Values v = JobFlags.values(spec);
    Path out = v.get(MiningOptions.OUT);
    MiningService.Result r = MiningService.mine(MiningOptions.job(v, out), MiningOptions.settings(v),
        new MiningService.Execution(v.get(MiningOptions.CHUNK), options.threads, v.get(MiningOptions.RESUME),
            v.get(MiningOptions.OVERWRITE)),
        options.progress(), FoilCli.warnings(spec.commandLine().getErr()));
    if (r.outcome().alreadyComplete()) {
      o.println("nothing to resume: " + out + " is complete");
    } else {
      report(o, r);
      if (v.get(MiningOptions.POOL_CACHE) != null) {
        o.printf(Locale.ROOT, "  candidate pools: %,d queries read from %s, %,d computed and stored%n", r.poolCacheHits(),
            v.get(MiningOptions.POOL_CACHE), r.poolCacheMisses());
        o.flush();
      }
    }
    return FoilCli.OK;
  }

  private static void report(PrintWriter o, MiningService.Result result) {
    MiningRun.Outcome r = result.outcome();
    MiningStats st = r.stats();
    o.printf(Locale.ROOT, "mined %,d queries (%,d negatives; %,d top-ups; %,d queries short by %,d)%s in %.1f s%n",
        st.anchors, st.negatives, st.topUps, st.shortfallAnchors, st.shortfallTotal,
        r.resumedFromAnchor() > 0 ? " resuming after " + r.resumedFromAnchor() + " queries" : "", result.seconds());
    o.printf(Locale.ROOT, "  %-34s %14s %14s%n", "stage", "kept", "dropped");
    st.stages.forEach((k, v) -> o.printf(Locale.ROOT, "  %-34s %,14d %,14d%n", k, v[0], v[1]));
    o.printf(Locale.ROOT, "  %-34s %9s %9s %9s %9s%n", "scores (" + result.reference() + ")", "mean", "sd", "min", "max");
    row(o, "positive (lowest per query)", st.positiveScore);
    row(o, "negative", st.negativeScore);
    row(o, "gap (positive - negative)", st.gap);
    StringBuilder ranks = new StringBuilder("  negatives by reference rank:");
    for (int i = 0; i < MiningStats.RANK_BUCKETS.length; i++) {
      ranks.append(' ').append(MiningStats.RANK_BUCKETS[i]).append(": ").append(st.rankBuckets[i]);
      ranks.append(i + 1 < MiningStats.RANK_BUCKETS.length ? "," : "");
    }
    o.println(ranks);
    if (result.planted()) {
      o.printf(Locale.ROOT, "  false-negative rate (planted false negatives among mined negatives): %.4f (%,d of %,d)%n",
          st.falseNegativeRate(), st.plantedMined, st.negatives);
    }
    o.flush();
  }

  private static void row(PrintWriter o, String name, MiningStats.Summary s) {
    o.printf(Locale.ROOT, "  %-34s %9.4f %9.4f %9.4f %9.4f%n", name, s.mean, s.sd(), s.count == 0 ? 0 : s.min,
        s.count == 0 ? 0 : s.max);
  }
}
