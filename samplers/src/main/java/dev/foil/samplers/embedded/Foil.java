package dev.foil.samplers.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.dense.CachingEncoder;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplerRegistry;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningDefaults;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Negatives on demand, for search services that embed Foil: {@code negatives(query, positives, n)}
 * runs the same per-anchor pipeline as {@code foil mine} over the configured sources. Candidate pools
 * (by query text), documents read for the duplicate check, and query vectors are kept in size-bounded
 * Caffeine caches whose statistics are
 * exposed; there is no global state, and an instance is safe to share between threads.
 *
 * <p>Ownership: the sources and text lookup given to the builder stay the caller's. {@link #close()}
 * releases only what this instance made (its caches); it never closes a source, so several instances
 * can share one index, and one can be swapped for another at run time. The caller closes the sources
 * after the last instance using them.
 *
 * <pre>{@code
 * Foil foil = Foil.builder().source(bm25).source(dense).sampler("simans(a=50,b=0)")
 *     .texts(TextLookup.of(bm25)).candidateCacheSize(10_000).build();
 * List<Negative> negs = foil.negatives(new Query("q1", "what lowers LDL?"), List.of("4983"), 15);
 * }</pre>
 */
public final class Foil implements AutoCloseable {
  private final PooledCandidateSource pool;
  private final List<CandidateSource> sources;
  private final NegativeSampler sampler;
  private final long seed;
  private final int referenceSource;
  private final TextLookup texts;
  private final Cache<String, CandidatePool> candidates;
  private final Cache<Integer, dev.foil.index.data.Document> documents;
  private final List<CachingEncoder> encoders;
  private volatile boolean closed;

  private Foil(Builder b) {
    this.sources = List.copyOf(b.sources);
    this.encoders = List.copyOf(b.encoders);
    this.pool = new PooledCandidateSource(sources, b.depth, b.rrfK);
    this.sampler = b.sampler;
    this.seed = b.seed;
    int ref = b.scoreSource == null ? sources.size() - 1 : sources.stream().map(CandidateSource::name).toList().indexOf(b.scoreSource);
    if (ref < 0) {
      throw new IllegalArgumentException("scoreSource " + b.scoreSource + " is not one of the sources "
          + sources.stream().map(CandidateSource::name).toList());
    }
    this.referenceSource = ref;
    this.candidates = Caffeine.newBuilder().maximumSize(b.candidateCacheSize).recordStats().build();
    this.documents = Caffeine.newBuilder().maximumSize(b.documentCacheSize).recordStats().build();
    TextLookup raw = b.texts;
    this.texts = raw == null ? null : ord -> documents.get(ord, raw::document);
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
    if (closed) {
      throw new IllegalStateException("this Foil instance is closed");
    }
    int[] positives = new int[positiveIds.size()];
    int i = 0;
    for (String id : positiveIds) {
      positives[i++] = docIds().ordinal(id).orElseThrow(
          () -> new IllegalArgumentException("positive " + id + " is not in the corpus"));
    }
    try {
      CandidatePool cached = candidates.get(query.text(), t -> retrieve(query));
      CandidatePool withPositives = withPositives(cached, query, positives);
      Miner miner = new Miner(new Miner.Settings(sampler, n, seed, referenceSource, texts != null, null, null, null),
          texts, docIds().size());
      return miner.mine(withPositives, query, Set.of(), new MiningStats()).negatives();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CandidatePool retrieve(Query query) {
    try {
      return pool.pools(List.of(query), List.of(new int[0]), 1, ProgressListener.NONE).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
   * Empties this instance's caches and refuses further calls. The sources given to the builder are
   * not closed: they belong to the caller.
   */
  @Override
  public void close() {
    closed = true;
    candidates.invalidateAll();
    documents.invalidateAll();
    encoders.forEach(CachingEncoder::invalidateAll);
  }

  /** Configures a {@link Foil}; each setting is validated when set. */
  public static final class Builder {
    private final List<CandidateSource> sources = new ArrayList<>();
    private final List<CachingEncoder> encoders = new ArrayList<>();
    private NegativeSampler sampler = SamplerRegistry.load().parse(MiningDefaults.SAMPLER);
    private long seed = 42;
    private int depth = MiningDefaults.DEPTH;
    private int rrfK = PooledCandidateSource.DEFAULT_RRF_K;
    private String scoreSource;
    private TextLookup texts;
    private long candidateCacheSize = 10_000;
    private long embeddingCacheSize = 10_000;
    private long documentCacheSize = 100_000;

    private Builder() {}

    /**
     * Adds a candidate source; a dense source gets a query-vector cache. The source stays the
     * caller's: {@link Foil#close()} does not close it.
     */
    public Builder source(CandidateSource source) {
      if (source instanceof DenseCandidateSource d) {
        CachingEncoder cached = new CachingEncoder(d.encoder(), embeddingCacheSize);
        encoders.add(cached);
        sources.add(new DenseCandidateSource(cached, d.store(), d.index()));
      } else {
        sources.add(source);
      }
      return this;
    }

    /** The sampler spec, e.g. {@code simans(a=1,b=0)}. */
    public Builder sampler(String spec) {
      this.sampler = SamplerRegistry.load().parse(spec);
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Candidates taken from each source. */
    public Builder depth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("illegal depth value: " + depth + ", must be at least 1");
      }
      this.depth = depth;
      return this;
    }

    /** The source whose scores samplers use (default: the last added). */
    public Builder scoreSource(String name) {
      this.scoreSource = name;
      return this;
    }

    /** Document texts: enables dropping negatives whose text equals a positive's or the query's. */
    public Builder texts(TextLookup texts) {
      this.texts = texts;
      return this;
    }

    /** Candidate pools kept at most (by query text). */
    public Builder candidateCacheSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("illegal candidateCacheSize value: " + size + ", must be >= 0");
      }
      this.candidateCacheSize = size;
      return this;
    }

    /** Documents (for the text-duplicate check) kept at most. */
    public Builder documentCacheSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("illegal documentCacheSize value: " + size + ", must be >= 0");
      }
      this.documentCacheSize = size;
      return this;
    }

    /** Query vectors kept at most, per dense source added after this call. */
    public Builder embeddingCacheSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("illegal embeddingCacheSize value: " + size + ", must be >= 0");
      }
      this.embeddingCacheSize = size;
      return this;
    }

    public Foil build() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("no source: call source(...) at least once");
      }
      return new Foil(this);
    }
  }
}
