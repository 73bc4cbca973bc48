package dev.foil.samplers.mining;

import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.index.source.SourceOptions;
import dev.foil.samplers.format.TrainingFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * The options of a mining job, declared once with their defaults, and their values turned into the
 * service's {@link MiningService.Job}, {@link MiningSettings} and {@link MiningService.Execution}: what
 * {@code foil mine} and the Spark mining job take, so both read the same flags the same way.
 */
public final class MiningOptions {
  public static final JobOption<Path> QUERIES = JobOption.required("queries", Path.class, "FILE", "queries.jsonl");
  public static final JobOption<String> SPLIT = JobOption.of("split", String.class, null,
      "positives from qrels/NAME.tsv beside the queries (e.g. train)").label("NAME");
  public static final JobOption<Path> QRELS = JobOption.of("qrels", Path.class, null,
      "positives from this qrels file instead").label("FILE");
  public static final JobOption<Integer> DEPTH = JobOption.of("depth", Integer.class, MiningSettings.DEPTH,
      "candidates per source");
  public static final JobOption<Integer> RRF_K = JobOption.of("rrf-k", Integer.class,
      PooledCandidateSource.DEFAULT_RRF_K, "RRF rank constant for pooled sources");
  public static final JobOption<String> SCORE_SOURCE = JobOption.of("score-source", String.class, null,
      "whose scores samplers use: bm25 or dense (default: dense when pooled, else the one source)").label("SOURCE");
  public static final JobOption<String> SAMPLER = JobOption.of("sampler", String.class, MiningSettings.SAMPLER,
      "sampler spec, or filters and a sampler composed with |").label("SPEC");
  public static final JobOption<Integer> N = JobOption.of("negatives", Integer.class, MiningSettings.NEGATIVES,
      "negatives per query").label("N").alias("n");
  public static final JobOption<Long> SEED = JobOption.of("seed", Long.class, MiningSettings.SEED,
      "fixes every random choice");
  public static final JobOption<Boolean> KEEP_TEXT_DUPLICATES = JobOption.flag("keep-text-duplicates",
      "keep negatives whose text equals a positive's or the query's");
  public static final JobOption<String> FN_ADAPTER = JobOption.of("fn-adapter", String.class, null,
      "fn-drop(t), fn-reweight or fn-resample").label("SPEC");
  public static final JobOption<String> FN_TEACHER = JobOption.of("fn-teacher", String.class, null,
      "estimate of P(false negative): teacher source bm25 or dense, a cross-encoder (cross-encoder:DIR: from "
          + "`foil train reranker`, or a Hugging Face ONNX cross-encoder folder), or a learned adapter directory "
          + "from `foil train fn-adapter`").label("TEACHER");
  public static final JobOption<Double> FN_TEMPERATURE = JobOption.of("fn-temperature", Double.class,
      FalseNegativeFilter.DEFAULT_TEMPERATURE, "τ of p = σ((t(c) − t⁺)/τ), in teacher score units");
  public static final JobOption<String> TEACHER = JobOption.of("teacher", String.class, null,
      "rescore the positives and every kept negative, top-ups included, and write these scores (bge's pos_scores and"
          + " neg_scores): cross-encoder:DIR (from `foil train reranker`, or a Hugging Face ONNX cross-encoder"
          + " folder: model.onnx, tokenizer.json, config.json), or a source, bm25 or dense").label("TEACHER");
  public static final JobOption<String> CET = JobOption.of("cet", String.class, null,
      "CET weights from a selection model: rank-propensity(r0,eta), or a directory from `foil train cet`")
      .label("SPEC");
  public static final JobOption<String> FORMAT = JobOption.of("format", String.class, TrainingFormat.BGE.label(),
      TrainingFormat.LABELS).label("FORMAT");
  public static final JobOption<Boolean> INCLUDE_SCORES = JobOption.flag("include-scores",
      "add scores to a sentence-transformers layout as mine_hard_negatives(output_scores=True) does: a scores list on"
          + " st-triplet and st-ntuple rows, score/scores in place of label/labels");
  public static final JobOption<Boolean> EXPLAIN = JobOption.flag("explain",
      "give every negative an explain object (the stage that kept it, the filters it passed, its reference score and"
          + " rank, the probability the sampler gave it, its weight factors); needs --format ids");
  public static final JobOption<Path> POOL_CACHE = JobOption.of("pool-cache", Path.class, null,
      "keep candidate pools here and reuse them when the same queries are mined from the same sources again"
          + " (another sampler or seed)").label("DIR");
  public static final JobOption<Path> CANDIDATES = JobOption.of("candidates", Path.class, null,
      "mine only these candidates: a TREC run (e.g. your own retriever's top-k; its scores are not used), each source"
          + " ranking and scoring them; queries it does not list get random negatives").label("FILE");
  public static final JobOption<Path> PLANTED = JobOption.of("planted", Path.class, null,
      "known false negatives for diagnostics (default: planted-false-negatives.tsv beside the queries, if any)")
      .label("FILE");

  /** What to mine from where: everything but the output and how the run executes. */
  public static final List<JobOption<?>> MINING = List.of(QUERIES, SPLIT, QRELS, DEPTH, RRF_K, SCORE_SOURCE, SAMPLER, N,
      SEED, KEEP_TEXT_DUPLICATES, FN_ADAPTER, FN_TEACHER, FN_TEMPERATURE, TEACHER, CET, FORMAT, INCLUDE_SCORES, EXPLAIN,
      POOL_CACHE, CANDIDATES, PLANTED);

  public static final JobOption<Path> OUT = JobOption.required("out", Path.class, "FILE", "the training file to write");
  public static final JobOption<Integer> CHUNK = JobOption.of("chunk", Integer.class, 256,
      "queries per chunk and checkpoint");
  public static final JobOption<Boolean> RESUME = JobOption.flag("resume",
      "continue an interrupted run from its checkpoint");
  public static final JobOption<Boolean> OVERWRITE = JobOption.flag("overwrite",
      "replace an existing output file (without it, an existing output is refused)");

  /** The options of {@code foil mine}. */
  public static final JobOptions OPTIONS = new JobOptions("foil mine", MINING, List.of(OUT, CHUNK, RESUME, OVERWRITE),
      SourceOptions.ALL);

  private MiningOptions() {}

  /**
   * The service's job: inputs, sources and the output {@code out}.
   *
   * @throws IllegalArgumentException when no qrels are named, or no source
   */
  public static MiningService.Job job(JobOptions.Values v, Path out) {
    Path queries = v.get(QUERIES);
    Path qrels = v.get(QRELS) != null ? v.get(QRELS) : v.get(SPLIT) != null
        ? queries.toAbsolutePath().getParent().resolve("qrels").resolve(v.get(SPLIT) + ".tsv") : null;
    if (qrels == null) {
      throw new IllegalArgumentException("positives come from qrels: give --split NAME or --qrels FILE");
    }
    return new MiningService.Job(queries, qrels, v.get(PLANTED) != null ? v.get(PLANTED)
        : MiningService.plantedBeside(queries), SourceOptions.chosen(v), SourceOptions.bm25(v), SourceOptions.dense(v),
        v.get(POOL_CACHE), v.get(CANDIDATES), out);
  }

  /**
   * The settings.
   *
   * @throws IllegalArgumentException for a setting the service refuses
   */
  public static MiningSettings settings(JobOptions.Values v) {
    if ((v.get(FN_ADAPTER) == null) != (v.get(FN_TEACHER) == null)) {
      throw new IllegalArgumentException("--fn-adapter and --fn-teacher go together");
    }
    return new MiningSettings(v.get(SAMPLER), v.get(N), v.get(SEED), v.get(DEPTH), v.get(RRF_K), v.get(SCORE_SOURCE),
        !v.get(KEEP_TEXT_DUPLICATES), v.get(FN_ADAPTER) == null ? null
            : FalseNegativeFilter.of(v.get(FN_ADAPTER), v.get(FN_TEACHER), v.get(FN_TEMPERATURE)), v.get(CET),
        TrainingFormat.parse(v.get(FORMAT)), v.get(EXPLAIN), v.get(TEACHER), v.get(INCLUDE_SCORES));
  }
}
