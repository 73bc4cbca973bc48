package dev.foil.samplers.mining;

import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplerRegistry;
import dev.foil.samplers.format.ExampleWriter;
import dev.foil.samplers.format.TrainingFormat;
import java.util.Objects;

/**
 * What to mine, independent of where the inputs are and how the run is executed. The defaults are
 * those of {@code foil mine} and of the embedded builder: {@link #defaults()}.
 *
 * @param sampler the sampler spec, e.g. {@code simans-z(a=4,b=0)}; validated here
 * @param n negatives per query, ≥ 1
 * @param seed fixes every random choice
 * @param depth candidates taken from each source, ≥ 1
 * @param rrfK the RRF rank constant pooling several sources, ≥ 1
 * @param scoreSource the source whose scores samplers use, or {@code null} for
 *     {@link dev.foil.index.source.SourceSet#defaultReference(java.util.List)}
 * @param removeTextDuplicates drop negatives whose text equals a positive's or the query's
 * @param falseNegatives a false-negative adapter, or {@code null}
 * @param cet CET weights: {@code rank-propensity(r0,eta)} or a directory from {@code foil train cet},
 *     or {@code null}
 * @param format the training-file layout
 * @param explain give every negative an explanation (written by the {@code ids} layout only)
 * @param teacher rescores the positives and every kept negative, and its scores are the ones written:
 *     {@code cross-encoder:DIR} (a model from {@code foil train reranker}) or a source name; or {@code null}
 * @param includeScores add score columns to a sentence-transformers layout ({@link TrainingFormat#withScores})
 */
public record MiningSettings(String sampler, int n, long seed, int depth, int rrfK, String scoreSource,
    boolean removeTextDuplicates, FalseNegativeFilter falseNegatives, String cet, TrainingFormat format,
    boolean explain, String teacher, boolean includeScores) {
  /**
   * The sampler when none is given: SimANS (Zhou et al., EMNLP 2022) on per-query z-scores with a = 4,
   * b = 0, chosen on a validation split of SciFact train among a = 0.5, 1, 2, 4 (docs/SAMPLERS.md).
   */
  public static final String SAMPLER = "simans-z(a=4,b=0)";
  public static final int NEGATIVES = 15;
  public static final int DEPTH = 200;
  public static final long SEED = 42;

  public MiningSettings {
    Objects.requireNonNull(sampler, "sampler");
    Objects.requireNonNull(format, "format");
    SamplerRegistry.load().parse(sampler);
    if (n < 1) {
      throw new IllegalArgumentException("illegal negatives value: " + n + ", must be at least 1");
    }
    if (depth < 1) {
      throw new IllegalArgumentException("illegal depth value: " + depth + ", must be at least 1");
    }
    if (rrfK < 1) {
      throw new IllegalArgumentException("illegal rrf k value: " + rrfK + ", must be at least 1");
    }
    if (includeScores) {
      format.withScores(); // refuses a layout without score columns
    }
    if (explain && format != TrainingFormat.IDS) {
      throw new IllegalArgumentException("explanations are written into the ids format only: use --format ids");
    }
  }

  /** {@value #SAMPLER}, 15 negatives, seed 42, depth 200, RRF k 60, text duplicates removed, bge. */
  public static MiningSettings defaults() {
    return new MiningSettings(SAMPLER, NEGATIVES, SEED, DEPTH, PooledCandidateSource.DEFAULT_RRF_K, null, true,
        null, null, TrainingFormat.BGE, false, null, false);
  }

  /** The configured sampler. */
  public NegativeSampler parsedSampler() {
    return SamplerRegistry.load().parse(sampler);
  }

  public MiningSettings withSampler(String sampler) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  public MiningSettings withN(int n) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  public MiningSettings withSeed(long seed) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  public MiningSettings withDepth(int depth, int rrfK) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  public MiningSettings withScoreSource(String scoreSource) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  public MiningSettings withTextDuplicatesRemoved(boolean remove) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, remove, falseNegatives, cet, format,
        explain, teacher, includeScores);
  }

  public MiningSettings withFalseNegatives(FalseNegativeFilter f) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, f, cet, format,
        explain, teacher, includeScores);
  }

  public MiningSettings withCet(String cet) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  /** These settings with explanations, in the {@code ids} format. */
  public MiningSettings withExplanations() {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        TrainingFormat.IDS, true, teacher, false);
  }

  public MiningSettings withFormat(TrainingFormat format) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  /** These settings with {@code teacher} rescoring what is written ({@code null}: none). */
  public MiningSettings withTeacher(String teacher) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  /** These settings with score columns in a sentence-transformers layout, or without. */
  public MiningSettings withScores(boolean includeScores) {
    return new MiningSettings(sampler, n, seed, depth, rrfK, scoreSource, removeTextDuplicates, falseNegatives, cet,
        format, explain, teacher, includeScores);
  }

  /**
   * What writes the training file's lines: the format, with score columns when asked; when the retriever
   * prefixed queries with {@code queryPrompt} (empty: it did not), {@code bge} names it in each line's
   * {@code prompt}, as FlagEmbedding expects.
   */
  public ExampleWriter writer(String queryPrompt) {
    return includeScores ? format.withScores() : format.withPrompt(queryPrompt);
  }
}
