package dev.foil.samplers.mining;

import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import dev.foil.index.source.SourceSet;
import dev.foil.samplers.adapt.CandidateScorer;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.LearnedModels;
import dev.foil.samplers.adapt.RankPropensity;
import dev.foil.samplers.adapt.SelectionModel;
import dev.foil.samplers.adapt.TeacherMarginEstimator;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@link MiningSettings} and open sources into the per-anchor {@link Miner}'s settings: the
 * reference source by name (default by {@link SourceSet#defaultReference(List)}), the false-negative
 * estimator (a teacher source, or a learned adapter from its directory) and the CET selection model.
 * {@code foil mine}, the embedded API and distributed jobs assemble miners here, so that one rule
 * decides each default. Closing releases what was opened for it (a learned adapter, an encoder).
 *
 * @param settings the miner's settings
 * @param reference the name of the reference source
 * @param outside the reference source's scores of documents outside an anchor's pool
 * @param teacher rescores positives and kept negatives for the training file ({@code --teacher}), or
 *     {@code null}
 * @param owned what was opened for the miner (a learned adapter, an encoder, a store), closed with it
 */
public record MinerAssembly(Miner.Settings settings, String reference, CandidateScorer outside,
    CandidateScorer teacher, List<AutoCloseable> owned) implements AutoCloseable {
  public MinerAssembly {
    owned = List.copyOf(owned);
  }

  /**
   * @param sources the open sources, in pooling order
   * @param vectors an embedding store a learned adapter reads when no dense source is among
   *     {@code sources}, or {@code null}
   * @param ids the corpus
   * @param texts document texts, which a cross-encoder teacher reads; may be {@code null} without one
   * @param threads threads for an encoder or a cross-encoder opened here
   */
  public static MinerAssembly assemble(MiningSettings s, List<CandidateSource> sources, Path vectors, DocIds ids,
      TextLookup texts, int threads) throws IOException {
    List<String> names = sources.stream().map(CandidateSource::name).toList();
    String reference = s.scoreSource() != null ? s.scoreSource().toLowerCase(Locale.ROOT)
        : SourceSet.defaultReference(names);
    int referenceIndex = names.indexOf(reference);
    if (referenceIndex < 0) {
      throw new IllegalArgumentException("score source " + s.scoreSource() + " is not among the sources " + names);
    }
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      Teachers teachers = new Teachers(sources, names, texts, threads, owned);
      FalseNegativeEstimator estimator = s.falseNegatives() == null ? null
          : estimator(s.falseNegatives(), teachers, sources, vectors, ids, threads, owned);
      CandidateScorer teacher = s.teacher() == null ? null : teachers.scorer(s.teacher(), "teacher");
      SelectionModel selection = s.cet() == null ? null : selection(s.cet());
      Miner.Settings m = new Miner.Settings(s.parsedSampler(), s.n(), s.seed(), referenceIndex,
          s.removeTextDuplicates(), s.falseNegatives() == null ? null : s.falseNegatives().adapter(), estimator,
          selection, s.explain());
      return new MinerAssembly(m, reference, sources.get(referenceIndex)::score, teacher, owned);
    } catch (IOException | RuntimeException e) {
      closeAll(owned, e);
      throw e;
    }
  }

  /**
   * The per-anchor miner: every negative it keeps carries the reference source's score, from the pool
   * or, for random draws and top-ups, from the source itself.
   *
   * @param texts document texts, needed when removing text duplicates
   * @param corpusSize documents in the corpus
   */
  public Miner miner(TextLookup texts, int corpusSize) {
    return new Miner(settings, texts, corpusSize, outside, teacher);
  }

  /** These settings' miner with {@code n} negatives per anchor, explaining each when asked. */
  public Miner miner(TextLookup texts, int corpusSize, int n, boolean explain) {
    Miner.Settings s = explain ? settings.withN(n).withExplanations() : settings.withN(n);
    return new Miner(s, texts, corpusSize, outside, teacher);
  }

  /** Whether {@code text} names an existing directory (rather than a source name or a spec). */
  private static boolean isDirectory(String text) {
    try {
      return Files.isDirectory(Path.of(text));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Teachers by spec: a source's own scores ({@code bm25}, {@code dense}), or a trained cross-encoder
   * ({@code cross-encoder:DIR}), opened once however many settings name it.
   */
  private record Teachers(List<CandidateSource> sources, List<String> names, TextLookup texts, int threads,
      List<AutoCloseable> owned, Map<Path, CandidateScorer> crossEncoders) {
    Teachers(List<CandidateSource> sources, List<String> names, TextLookup texts, int threads,
        List<AutoCloseable> owned) {
      this(sources, names, texts, threads, owned, new HashMap<>());
    }

    /** Whether {@code spec} names a teacher (rather than a learned adapter's directory). */
    boolean isTeacher(String spec) {
      return names.contains(spec.toLowerCase(Locale.ROOT)) || spec.startsWith(CROSS_ENCODER);
    }

    CandidateScorer scorer(String spec, String option) throws IOException {
      int t = names.indexOf(spec.toLowerCase(Locale.ROOT));
      if (t >= 0) {
        return CandidateScorer.of(sources.get(t));
      }
      if (!spec.startsWith(CROSS_ENCODER)) {
        throw new IllegalArgumentException(option + " " + spec + " is neither one of the sources " + names + " nor "
            + CROSS_ENCODER + "DIR");
      }
      Path dir = Path.of(spec.substring(CROSS_ENCODER.length()));
      CandidateScorer open = crossEncoders.get(dir);
      if (open != null) {
        return open;
      }
      LearnedModels models = LearnedModels.load();
      if (!models.isCrossEncoder(dir)) {
        throw new IllegalArgumentException(dir + ": not a cross-encoder (one written by `foil train reranker`, or a"
            + " Hugging Face ONNX export: model.onnx or onnx/model.onnx, tokenizer.json, config.json)");
      }
      if (texts == null) {
        throw new IllegalArgumentException("a cross-encoder teacher reads document texts: give the miner a text lookup");
      }
      CandidateScorer scorer = models.openCrossEncoder(dir, texts, threads);
      if (scorer instanceof AutoCloseable c) {
        owned.add(c);
      }
      crossEncoders.put(dir, scorer);
      return scorer;
    }
  }

  /** The prefix of a trained cross-encoder's teacher spec. */
  public static final String CROSS_ENCODER = "cross-encoder:";

  private static FalseNegativeEstimator estimator(FalseNegativeFilter f, Teachers teachers,
      List<CandidateSource> sources, Path vectors, DocIds ids, int threads, List<AutoCloseable> owned)
      throws IOException {
    if (teachers.isTeacher(f.teacher())) {
      return new TeacherMarginEstimator(teachers.scorer(f.teacher(), "fn teacher"), f.temperature());
    }
    if (!isDirectory(f.teacher())) {
      throw new IllegalArgumentException("fn teacher " + f.teacher() + " is neither one of the sources "
          + teachers.names() + ", nor " + CROSS_ENCODER + "DIR, nor a directory holding a learned adapter");
    }
    LearnedModels models = LearnedModels.load();
    Path dir = Path.of(f.teacher());
    if (!models.isFalseNegativeAdapter(dir)) {
      throw new IllegalArgumentException(dir + ": not a false-negative adapter (written by `foil train fn-adapter`)");
    }
    DenseCandidateSource pooled = sources.stream().filter(DenseCandidateSource.class::isInstance)
        .map(DenseCandidateSource.class::cast).findFirst().orElse(null);
    EmbeddingStore store;
    if (pooled != null) {
      store = pooled.store();
    } else if (vectors != null) {
      store = EmbeddingStore.open(vectors);
      owned.add(store);
    } else {
      throw new IllegalArgumentException("a learned false-negative adapter reads vectors from an embedding store"
          + " (--dense STORE)");
    }
    // The adapter was trained on the store's own vectors: queries are encoded by the store's model,
    // also when the pooled source encodes them with another (a fine-tuned query model).
    Encoder encoder;
    if (pooled != null && pooled.encoder().cacheKey().equals(store.manifest().cacheKey())) {
      encoder = pooled.encoder();
    } else {
      encoder = Encoders.open(store.manifest().modelSource(), store.manifest().maxLength(), 8, threads);
      owned.add(encoder);
    }
    FalseNegativeEstimator learned = models.openFalseNegativeAdapter(dir, store, encoder, ids);
    if (learned instanceof AutoCloseable c) {
      owned.add(c);
    }
    return learned;
  }

  private static SelectionModel selection(String cet) throws IOException {
    if (isDirectory(cet)) {
      LearnedModels models = LearnedModels.load();
      Path dir = Path.of(cet);
      if (!models.isSelectionModel(dir)) {
        throw new IllegalArgumentException(dir + ": not a CET model (written by `foil train cet`)");
      }
      return models.openSelectionModel(dir);
    }
    return RankPropensity.parse(cet);
  }

  @Override
  public void close() throws IOException {
    IOException failure = new IOException("closing the miner's models failed");
    closeAll(owned, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private static void closeAll(List<AutoCloseable> owned, Throwable into) {
    for (AutoCloseable c : owned.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        into.addSuppressed(e);
      }
    }
  }
}
