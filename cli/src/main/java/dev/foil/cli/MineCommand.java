package dev.foil.cli;

import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.samplers.mining.FalseNegativeFilter;
import dev.foil.samplers.mining.MiningRun;
import dev.foil.samplers.mining.MiningService;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.format.TrainingFormat;
import dev.foil.samplers.pipeline.MiningStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

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
      "simans(a,b), simans-code(a,b), simans-laplace(tau), quota(bm25=7,dense=8)."
    })
final class MineCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec spec;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "queries.jsonl")
  Path queries;

  @Option(names = "--split", paramLabel = "NAME", description = "positives from qrels/NAME.tsv beside the queries (e.g. train)")
  String split;

  @Option(names = "--qrels", paramLabel = "FILE", description = "positives from this qrels file instead")
  Path qrels;

  @Option(names = "--depth", defaultValue = "" + MiningSettings.DEPTH, description = "candidates per source (default: ${DEFAULT-VALUE})")
  int depth;

  @Option(names = "--rrf-k", defaultValue = "" + PooledCandidateSource.DEFAULT_RRF_K, description = "RRF rank constant for pooled sources (default: ${DEFAULT-VALUE})")
  int rrfK;

  @Option(names = "--score-source", paramLabel = "SOURCE",
      description = "whose scores samplers use: bm25 or dense (default: dense when pooled, else the one source)")
  String scoreSource;

  @Option(names = "--sampler", defaultValue = MiningSettings.SAMPLER, description = "sampler spec (default: ${DEFAULT-VALUE})")
  String sampler;

  @Option(names = "--n", defaultValue = "" + MiningSettings.NEGATIVES, description = "negatives per query (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "" + MiningSettings.SEED, description = "fixes every random choice (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--keep-text-duplicates", description = "keep negatives whose text equals a positive's or the query's")
  boolean keepTextDuplicates;

  @Option(names = "--fn-adapter", paramLabel = "SPEC", description = "fn-drop(t), fn-reweight or fn-resample")
  String fnAdapter;

  @Option(names = "--fn-teacher", paramLabel = "SOURCE",
      description = "estimate of P(false negative): teacher source bm25 or dense, or a learned adapter directory from `foil train fn-adapter`")
  String fnTeacher;

  @Option(names = "--fn-temperature", defaultValue = "" + FalseNegativeFilter.DEFAULT_TEMPERATURE,
      description = "τ of p = σ((t(c) − t⁺)/τ), in teacher score units (default: ${DEFAULT-VALUE})")
  double fnTemperature;

  @Option(names = "--cet", paramLabel = "SPEC",
      description = "CET weights from a selection model: rank-propensity(r0,eta), or a directory from `foil train cet`")
  String cet;

  @Option(names = "--format", defaultValue = "bge", description = "bge, tevatron, st-triplet, st-ntuple or ids (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--explain",
      description = "give every negative an explain object (the stage that kept it, the filters it passed, its reference"
          + " score and rank, the probability the sampler gave it, its weight factors); needs --format ids")
  boolean explain;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the training file to write")
  Path out;

  @Option(names = "--chunk", defaultValue = "256", description = "queries per chunk and checkpoint (default: ${DEFAULT-VALUE})")
  int chunk;

  @Option(names = "--resume", description = "continue an interrupted run from its checkpoint")
  boolean resume;

  @Option(names = "--pool-cache", paramLabel = "DIR",
      description = "keep candidate pools here and reuse them when the same queries are mined from the same sources"
          + " again (another sampler or seed)")
  Path poolCache;

  @Option(names = "--planted", paramLabel = "FILE",
      description = "known false negatives for diagnostics (default: planted-false-negatives.tsv beside the queries, if any)")
  Path planted;

  @Mixin SourceOptions sourceOptions;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((fnAdapter == null) != (fnTeacher == null)) {
      throw new IllegalArgumentException("--fn-adapter and --fn-teacher go together");
    }
    Path qrelsFile = qrels != null ? qrels
        : split != null ? queries.toAbsolutePath().getParent().resolve("qrels").resolve(split + ".tsv") : null;
    if (qrelsFile == null) {
      throw new IllegalArgumentException("positives come from qrels: give --split NAME or --qrels FILE");
    }
    MiningSettings settings = new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, !keepTextDuplicates,
        fnAdapter == null ? null : FalseNegativeFilter.of(fnAdapter, fnTeacher, fnTemperature), cet,
        TrainingFormat.parse(format), explain);
    MiningService.Job job = new MiningService.Job(queries, qrelsFile,
        planted != null ? planted : MiningService.plantedBeside(queries), sourceOptions.chosen(), sourceOptions.bm25(),
        sourceOptions.dense(), poolCache, out);
    MiningService.Result r = MiningService.mine(job, settings, new MiningService.Execution(chunk, options.threads, resume),
        options.progress(), FoilCli.warnings(err));
    if (r.outcome().alreadyComplete()) {
      o.println("nothing to resume: " + out + " is complete");
    } else {
      report(o, r);
      if (poolCache != null) {
        o.printf(Locale.ROOT, "  candidate pools: %,d queries read from %s, %,d computed and stored%n", r.poolCacheHits(),
            poolCache, r.poolCacheMisses());
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
