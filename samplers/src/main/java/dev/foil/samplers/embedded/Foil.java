package dev.foil.samplers.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.ThreadBudget;
import dev.foil.index.data.Query;
import dev.foil.index.dense.CachingEncoder;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.source.SourceSet;
import dev.foil.samplers.mining.FalseNegativeFilter;
import dev.foil.samplers.mining.MinerAssembly;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.pipeline.Explanation;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Negatives on demand, for search services that embed Foil: {@code negatives(query, positives, n)}
 * runs the same per-anchor pipeline as {@code foil mine} over the configured sources. Candidate pools
 * (by query text), documents read for the duplicate check, and query vectors are kept in size-bounded
 * Caffeine caches whose statistics are
 * exposed; there is no global state, and an instance is safe to share between threads: at most
 * {@link Builder#maxConcurrentCalls} calls compute at once (default: {@link ThreadBudget#threads()}), the others
 * wait their turn. A query not seen before is searched by its sources side by side while turns are free.
 *
 * <p>Ownership: the sources and text lookup given to the builder stay the caller's. {@link #close()}
 * releases only what this instance made (its caches); it never closes a source, so several instances
 * can share one index, and one can be swapped for another at run time. The caller closes the sources
 * after the last instance using them.
 *
 * <p>It accepts everything {@code foil mine} does (fn-adapter, CET, score source by name, planted
 * negatives for diagnostics) through {@link MiningSettings} and {@link MinerAssembly}, the same
 * settings and assembly the command uses, so for the same sources, settings and seed its negatives
 * are those {@code foil mine} writes.
 *
 * <pre>{@code
 * Foil foil = Foil.builder().source(bm25).source(dense).sampler("simans-z(a=4,b=0)")
 *     .texts(TextLookup.of(bm25)).candidateCacheSize(10_000).build();
 * List<Negative> negs = foil.negatives(new Query("q1", "what lowers LDL?"), List.of("4983"), 15);
 * }</pre>
 */
public final class Foil implements AutoCloseable {
  private final PooledCandidateSource pool;
  private final List<CandidateSource> sources;
  private final MiningSettings settings;
  private final MinerAssembly assembly;
  private final TextLookup texts;
  private final Map<String, Set<Integer>> planted;
  private final MiningStats totals = new MiningStats();
  private final Cache<String, CandidatePool> candidates;
  private final Cache<String, Scored> scored;
  private final Cache<Integer, dev.foil.index.data.Document> documents;
  private final List<CachingEncoder> encoders;
  private volatile boolean closed;
  private final Semaphore turns;

  private Foil(Builder b, MiningSettings settings) throws IOException {
    this.sources = List.copyOf(b.sources);
    this.encoders = List.copyOf(b.encoders);
    this.settings = settings;
    this.pool = new PooledCandidateSource(sources, settings.depth(), settings.rrfK());
    // Cache upkeep runs on the calling thread: handing it to the common pool wakes a thread per call.
    this.candidates = Caffeine.newBuilder().executor(Runnable::run).maximumSize(b.candidateCacheSize)
        .recordStats().build();
    this.scored = Caffeine.newBuilder().executor(Runnable::run).maximumSize(b.candidateCacheSize).build();
    this.documents = Caffeine.newBuilder().executor(Runnable::run).maximumSize(b.documentCacheSize)
        .recordStats().build();
    TextLookup raw = b.texts;
    this.texts = raw == null ? null : ord -> documents.get(ord, raw::document);
    this.planted = planted(b.planted, pool.docIds());
    this.assembly = MinerAssembly.assemble(settings, sources, null, pool.docIds(), texts, 1);
    this.turns = new Semaphore(b.maxConcurrentCalls, true);
  }

  private static Map<String, Set<Integer>> planted(Map<String, ? extends Collection<String>> byQuery, DocIds ids) {
    Map<String, Set<Integer>> out = new HashMap<>();
    byQuery.forEach((q, docs) -> {
      for (String d : docs) {
        ids.ordinal(d).ifPresent(o -> out.computeIfAbsent(q, k -> new HashSet<>()).add(o));
      }
    });
    return out;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Hit/miss statistics of the caches, a value object. */
  public record Stats(CacheStats candidates, CacheStats documents, List<CacheStats> queryEmbeddings) {}

  public Stats stats() {
    return new Stats(candidates.stats(), documents.stats(), encoders.stream().map(CachingEncoder::stats).toList());
  }

  /** Entries held now by each cache (Caffeine's estimates), a value object. */
  public record CacheSizes(long candidates, long documents, long queryVectors) {}

  public CacheSizes cacheSizes() {
    candidates.cleanUp();
    documents.cleanUp();
    return new CacheSizes(candidates.estimatedSize(), documents.estimatedSize(),
        encoders.stream().mapToLong(CachingEncoder::cachedVectors).sum());
  }

  /** The settings negatives are mined with ({@code n} aside, which each call gives). */
  public MiningSettings settings() {
    return settings;
  }

  /** The name of the source whose scores samplers see. */
  public String scoreSource() {
    return assembly.reference();
  }

  /**
   * The counters of every call so far, as {@code foil mine} reports them: stages, top-ups, score
   * summaries and, with {@link Builder#planted}, the false-negative rate. A copy.
   */
  public MiningStats miningStats() {
    MiningStats copy = new MiningStats();
    synchronized (totals) {
      copy.merge(totals);
    }
    return copy;
  }

  /** The corpus the sources index. */
  public DocIds docIds() {
    return pool.docIds();
  }

  /**
   * {@code n} negatives for {@code query} whose positives are the documents {@code positiveIds}: never
   * a positive, never a duplicate, topped up from the corpus (flagged) when the sampler finds too few.
   *
   * @throws IllegalArgumentException if a positive id is not in the corpus
   */
  public List<Negative> negatives(Query query, Collection<String> positiveIds, int n) {
    return mine(query, positiveIds, n, false).negatives();
  }

  /**
   * The negatives of {@link #negatives} with an {@link Explanation} each, as {@code foil mine --explain}
   * writes them (the stage that chose it, the filters it passed, its reference score and rank, the
   * sampler's probability, its weight factors), with the positives' scores. Explaining changes none
   * of the negatives.
   *
   * @throws IllegalArgumentException if a positive id is not in the corpus
   */
  public MinedExample explain(Query query, Collection<String> positiveIds, int n) {
    return mine(query, positiveIds, n, true);
  }

  private MinedExample mine(Query query, Collection<String> positiveIds, int n, boolean explain) {
    if (closed) {
      throw new IllegalStateException("this Foil instance is closed");
    }
    int[] positives = new int[positiveIds.size()];
    int i = 0;
    for (String id : positiveIds) {
      positives[i++] = docIds().ordinal(id).orElseThrow(
          () -> new IllegalArgumentException("positive " + id + " is not in the corpus"));
    }
    turns.acquireUninterruptibly();
    try {
      CandidatePool cached = candidates.get(query.text(), t -> retrieve(query, positives));
      // The positives' scores (a BM25 weight built per call, a query vector) are kept beside the pool.
      // A pool retrieved in this call was scored with these positives already.
      String key = query.text() + '\u0000' + Arrays.toString(positives);
      Scored known = scored.getIfPresent(key);
      if (known == null || known.pool() != cached) {
        known = new Scored(cached, Arrays.equals(cached.positives(), positives) ? cached
            : withPositives(cached, query, positives));
        scored.put(key, known);
      }
      CandidatePool withPositives = known.withPositives();
      MinedExample mined = assembly.miner(texts, docIds().size(), n, explain).mine(withPositives, query, planted.getOrDefault(query.id(), Set.of()));
      synchronized (totals) {
        totals.add(mined.stats());
      }
      return mined;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      turns.release();
    }
  }

  /** A cached pool and the same pool with a set of positives scored, valid while that pool is cached. */
  private record Scored(CandidatePool pool, CandidatePool withPositives) {}

  /**
   * A new query's pool, with the positives it came with scored. Its sources search it side by side
   * (a BM25 search costs nothing beside a dense source's query encoding) when the turns their helper
   * threads need are free and no caller waits for one: the helpers hold those turns, so a busy
   * instance searches one source after the other rather than run more threads than turns.
   */
  private CandidatePool retrieve(Query query, int[] positives) {
    int helpers = sources.size() - 1;
    boolean sideBySide = false;
    try {
      // A timed tryAcquire honours the fair queue: it never takes a turn ahead of a waiting caller.
      sideBySide = helpers > 0 && turns.tryAcquire(helpers, 0, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      return pool.pools(List.of(query), List.of(positives), sideBySide ? sources.size() : 1, ProgressListener.NONE)
          .get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (sideBySide) {
        turns.release(helpers);
      }
    }
  }

  private CandidatePool withPositives(CandidatePool p, Query query, int[] positives) throws IOException {
    int ns = sources.size();
    float[][] scores = new float[ns][];
    int[][] ranks = new int[ns][positives.length];
    Map<Integer, Integer> index = new HashMap<>();
    for (int j = 0; j < p.size(); j++) {
      index.put(p.docs()[j], j);
    }
    for (int s = 0; s < ns; s++) {
      scores[s] = sources.get(s).score(query, positives);
      for (int j = 0; j < positives.length; j++) {
        Integer at = index.get(positives[j]);
        ranks[s][j] = at == null ? 0 : p.ranks()[s][at];
      }
    }
    return new CandidatePool(query.id(), p.sources(), p.docs(), p.fused(), p.scores(), p.ranks(), positives, scores, ranks);
  }

  /**
   * Empties this instance's caches, closes what it opened (a learned adapter) and refuses further
   * calls. The sources given to the builder are not closed: they belong to the caller.
   */
  @Override
  public void close() {
    closed = true;
    try {
      assembly.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    candidates.invalidateAll();
    scored.invalidateAll();
    documents.invalidateAll();
    encoders.forEach(CachingEncoder::invalidateAll);
  }

  /**
   * Configures a {@link Foil} with everything {@code foil mine} accepts, defaults from
   * {@link MiningSettings#defaults()} and the score source by {@link SourceSet#defaultReference(List)}.
   * Like Caffeine's builder, each setting is checked when set: {@code null} is refused, a setting given
   * twice is refused, and settings that conflict are refused by {@link #build()}.
   */
  public static final class Builder {
    private final List<CandidateSource> sources = new ArrayList<>();
    private final List<CachingEncoder> encoders = new ArrayList<>();
    private final Set<String> set = new HashSet<>();
    private MiningSettings settings = MiningSettings.defaults();
    private String fnAdapter;
    private String fnTeacher;
    private double fnTemperature = FalseNegativeFilter.DEFAULT_TEMPERATURE;
    private TextLookup texts;
    private Map<String, ? extends Collection<String>> planted = Map.of();
    private long candidateCacheSize = 10_000;
    private long embeddingCacheSize = 10_000;
    private long documentCacheSize = 100_000;
    private int maxConcurrentCalls = ThreadBudget.threads();

    private Builder() {}

    /** A cache size set once and at least 0. */
    private long cacheSize(String setting, long size) {
      once(setting);
      if (size < 0) {
        throw new IllegalArgumentException("illegal " + setting + " value: " + size + ", must be >= 0");
      }
      return size;
    }

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    /**
     * Adds a candidate source; a dense source gets a query-vector cache. The source stays the
     * caller's: {@link Foil#close()} does not close it.
     *
     * @throws IllegalStateException when a source of the same name was added before
     */
    public Builder source(CandidateSource source) {
      Objects.requireNonNull(source, "source");
      if (sources.stream().anyMatch(s -> s.name().equals(source.name()))) {
        throw new IllegalStateException("a " + source.name() + " source was already added");
      }
      if (source instanceof DenseCandidateSource d) {
        CachingEncoder cached = new CachingEncoder(d.encoder(), embeddingCacheSize);
        encoders.add(cached);
        sources.add(new DenseCandidateSource(cached, d.store(), d.index()));
      } else {
        sources.add(source);
      }
      return this;
    }

    /** The sampler spec, e.g. {@code simans-z(a=4,b=0)} (default: {@value MiningSettings#SAMPLER}). */
    public Builder sampler(String spec) {
      Objects.requireNonNull(spec, "spec");
      once("sampler");
      settings = settings.withSampler(spec);
      return this;
    }

    /** Fixes every random choice (default: {@value MiningSettings#SEED}). */
    public Builder seed(long seed) {
      once("seed");
      settings = settings.withSeed(seed);
      return this;
    }

    /** Candidates taken from each source (default: {@value MiningSettings#DEPTH}). */
    public Builder depth(int depth) {
      once("depth");
      settings = settings.withDepth(depth, settings.rrfK());
      return this;
    }

    /** The RRF rank constant pooling several sources (default: {@value PooledCandidateSource#DEFAULT_RRF_K}). */
    public Builder rrfK(int k) {
      once("rrfK");
      settings = settings.withDepth(settings.depth(), k);
      return this;
    }

    /** The source whose scores samplers use, by name (default: dense when added, else the first). */
    public Builder scoreSource(String name) {
      Objects.requireNonNull(name, "name");
      once("scoreSource");
      settings = settings.withScoreSource(name);
      return this;
    }

    /** Document texts, for dropping negatives whose text equals a positive's or the query's (needed unless kept). */
    public Builder texts(TextLookup texts) {
      Objects.requireNonNull(texts, "texts");
      once("texts");
      this.texts = texts;
      return this;
    }

    /** Keeps negatives whose text equals a positive's or the query's (default: they are dropped). */
    public Builder keepTextDuplicates() {
      once("keepTextDuplicates");
      settings = settings.withTextDuplicatesRemoved(false);
      return this;
    }

    /** A false-negative adapter: {@code fn-drop(t)}, {@code fn-reweight} or {@code fn-resample}; needs a teacher. */
    public Builder falseNegativeAdapter(String spec) {
      Objects.requireNonNull(spec, "spec");
      once("falseNegativeAdapter");
      dev.foil.samplers.adapt.FalseNegativeAdapter.parse(spec);
      this.fnAdapter = spec;
      return this;
    }

    /** The adapter's estimate: a source name, or a directory from {@code foil train fn-adapter}. */
    public Builder falseNegativeTeacher(String sourceOrDirectory) {
      Objects.requireNonNull(sourceOrDirectory, "sourceOrDirectory");
      once("falseNegativeTeacher");
      this.fnTeacher = sourceOrDirectory;
      return this;
    }

    /** τ of a teacher source's estimate (default: {@value FalseNegativeFilter#DEFAULT_TEMPERATURE}). */
    public Builder falseNegativeTemperature(double temperature) {
      once("falseNegativeTemperature");
      if (!(temperature > 0) || Double.isInfinite(temperature)) {
        throw new IllegalArgumentException("illegal falseNegativeTemperature value: " + temperature
            + ", must be finite and > 0");
      }
      this.fnTemperature = temperature;
      return this;
    }

    /** CET weights: {@code rank-propensity(r0,eta)} or a directory from {@code foil train cet}. */
    public Builder cet(String specOrDirectory) {
      Objects.requireNonNull(specOrDirectory, "specOrDirectory");
      once("cet");
      settings = settings.withCet(specOrDirectory);
      return this;
    }

    /**
     * Known false negatives (document ids by query id), for diagnostics only: they never change what
     * is mined, and {@link Foil#miningStats()} counts how many were mined.
     */
    public Builder planted(Map<String, ? extends Collection<String>> docsByQuery) {
      Objects.requireNonNull(docsByQuery, "docsByQuery");
      once("planted");
      this.planted = Map.copyOf(docsByQuery);
      return this;
    }

    /** Candidate pools kept at most (by query text), and as many pools with their positives scored. */
    public Builder candidateCacheSize(long size) {
      this.candidateCacheSize = cacheSize("candidateCacheSize", size);
      return this;
    }

    /** Documents (for the text-duplicate check) kept at most. */
    public Builder documentCacheSize(long size) {
      this.documentCacheSize = cacheSize("documentCacheSize", size);
      return this;
    }

    /**
     * Calls computed at once (default: {@link ThreadBudget#threads()}); more wait their turn, first come
     * first served. A call is CPU work: sixteen callers on two cores computing together are preempted in
     * the middle of calls and wait whole scheduler slices (a p99 of 24 ms for 80 µs calls, measured on
     * SciFact), where waiting for a turn costs a few calls' time.
     */
    public Builder maxConcurrentCalls(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, got " + calls);
      }
      once("maxConcurrentCalls");
      this.maxConcurrentCalls = calls;
      return this;
    }

    /** Query vectors kept at most, per dense source added after this call. */
    public Builder embeddingCacheSize(long size) {
      this.embeddingCacheSize = cacheSize("embeddingCacheSize", size);
      return this;
    }

    /**
     * @throws IllegalStateException when no source was added, when text duplicates are dropped without
     *     texts, or when an adapter and its teacher are not given together
     * @throws IllegalArgumentException when the score source or teacher is not among the sources
     * @throws UncheckedIOException when a learned model cannot be read
     */
    public Foil build() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("no source: call source(...) at least once");
      }
      if (settings.removeTextDuplicates() && texts == null) {
        throw new IllegalStateException("dropping text duplicates needs texts(...); or call keepTextDuplicates()");
      }
      if ((fnAdapter == null) != (fnTeacher == null)) {
        throw new IllegalStateException("falseNegativeAdapter and falseNegativeTeacher go together");
      }
      if (fnAdapter == null && set.contains("falseNegativeTemperature")) {
        throw new IllegalStateException("falseNegativeTemperature needs falseNegativeAdapter");
      }
      MiningSettings s = fnAdapter == null ? settings
          : settings.withFalseNegatives(FalseNegativeFilter.of(fnAdapter, fnTeacher, fnTemperature));
      try {
        return new Foil(this, s);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
