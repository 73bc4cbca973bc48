package dev.foil.samplers.mining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.DocIds;
import dev.foil.index.FoilVersion;
import dev.foil.index.ProgressListener;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.fusion.PoolCache;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.ExistingOutput;
import dev.foil.index.io.Sha256;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.CandidateSource;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.GivenCandidates;
import dev.foil.index.source.DenseSource;
import dev.foil.index.source.SourceSet;
import dev.foil.index.synthetic.PlantedFalseNegatives;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.samplers.format.ExampleWriter;
import dev.foil.samplers.pipeline.AnchorStats;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Mining a training file, the use case behind {@code foil mine}: the judged queries become anchors,
 * the sources are opened from their specs and pooled, a {@link Miner} is assembled from the settings,
 * and {@link MiningRun} streams the anchors into the file with checkpoints, ending with the manifest.
 */
public final class MiningService {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MiningService() {}

  /**
   * Where the inputs are and where the file goes.
   *
   * @param queries queries.jsonl
   * @param qrels the judgments whose positive grades make positives
   * @param planted known false negatives for diagnostics, or {@code null} for none
   * @param sources the sources pooled for candidates
   * @param texts the BM25 index document texts are read from; {@code null} for the BM25 source's
   * @param store the embedding store given, pooled or not (a learned adapter reads its vectors), or
   *     {@code null} for the dense source's
   * @param poolCache keep and reuse candidate pools here, or {@code null}
   * @param candidates a TREC run of the candidates to mine from, per query, each source ranking and
   *     scoring only them ({@link GivenCandidates}); {@code null}: the sources retrieve from the corpus
   * @param out the training file
   */
  public record Job(Path queries, Path qrels, Path planted, SourceSet sources, Bm25Source texts, DenseSource store,
      Path poolCache, Path candidates, Path out) {
    public Job {
      Objects.requireNonNull(queries, "queries");
      Objects.requireNonNull(qrels, "qrels");
      Objects.requireNonNull(sources, "sources");
      Objects.requireNonNull(out, "out");
      texts = texts != null ? texts : sources.bm25().orElseThrow(() -> new IllegalArgumentException(
          "mining reads document texts from a BM25 index: give one (--index DIR)"));
      store = store != null ? store : sources.dense().orElse(null);
    }

    /** A job over {@code sources} with no planted file, pool cache or given candidates. */
    public static Job of(Path queries, Path qrels, SourceSet sources, Path out) {
      return new Job(queries, qrels, null, sources, null, null, null, null, out);
    }

    /** This job mining only the candidates of the TREC run {@code run}. */
    public Job withCandidates(Path run) {
      return new Job(queries, qrels, planted, sources, texts, store, poolCache, run, out);
    }
  }

  /**
   * How the run executes; none of it changes the output.
   *
   * @param chunk anchors per chunk and checkpoint
   * @param threads threads for retrieval and mining
   * @param resume go on from a checkpoint, or check a finished file
   * @param overwrite replace an existing output; without it (or {@code resume}) an existing output is refused
   */
  public record Execution(int chunk, int threads, boolean resume, boolean overwrite) {
    public Execution {
      if (chunk < 1 || threads < 1) {
        throw new IllegalArgumentException("illegal chunk or threads value: " + chunk + ", " + threads);
      }
      if (resume && overwrite) {
        throw new IllegalArgumentException("--resume continues the output and --overwrite replaces it: give one");
      }
    }

    /** A run that refuses an existing output unless it resumes it. */
    public Execution(int chunk, int threads, boolean resume) {
      this(chunk, threads, resume, false);
    }
  }

  /**
   * What a run did.
   *
   * @param outcome the run's counters and whether it resumed or found the file complete
   * @param anchors queries mined
   * @param reference the name of the reference source
   * @param seconds wall time
   * @param poolCacheHits queries whose pools were read from the pool cache (0 without one)
   * @param poolCacheMisses queries whose pools were computed and stored there
   * @param planted whether planted false negatives were known
   */
  public record Result(MiningRun.Outcome outcome, int anchors, String reference, double seconds, long poolCacheHits,
      long poolCacheMisses, boolean planted) {}

  /** The planted false negatives {@code foil generate} writes beside the queries, if that file exists, else {@code null}. */
  public static Path plantedBeside(Path queries) {
    Path file = queries.toAbsolutePath().getParent().resolve(SyntheticCollection.PLANTED_FILE);
    return Files.isRegularFile(file) ? file : null;
  }

  /**
   * Mines {@code job} with {@code settings}.
   *
   * @param warnings receives one line per questionable input (queries without positives, n beyond the pools)
   * @throws IllegalArgumentException for settings that cannot be mined (n at least the corpus size,
   *     an unknown score source, a resume of a run with other inputs)
   */
  public static Result mine(Job job, MiningSettings settings, Execution ex, ProgressListener progress,
      Consumer<String> warnings) throws IOException {
    long t0 = System.nanoTime();
    if (!ex.resume()) {
      ExistingOutput.check(job.out(), ex.overwrite(), "or --resume to continue or check it");
    }
    try (Session s = Session.open(job, settings, ex.threads(), warnings)) {
      PoolCache cache = null;
      if (job.poolCache() != null) {
        cache = new PoolCache(job.poolCache(), s.poolFingerprint);
        s.pool.cachedIn(cache);
      }
      MiningRun.Outcome r = MiningRun.run(s.anchors, s.pool, s.miner, s.writer(), s.lookup, s.ids, s.planted,
          job.out(), new MiningRun.Options(ex.chunk(), ex.threads(), s.fingerprint, ex.resume()), s.manifest, progress);
      return new Result(r, s.anchors.size(), s.reference(), (System.nanoTime() - t0) / 1e9,
          cache == null ? 0 : cache.hits(), cache == null ? 0 : cache.misses(), !s.planted.isEmpty());
    }
  }

  /**
   * A job's sources, miner and texts opened once and its anchors read: what a run mines from, and what a
   * distributed job opens once per worker JVM to mine slices of the anchors into part files. Slices
   * mined apart and concatenated in order equal the file {@link #mine} writes, byte for byte.
   */
  public static final class Session implements AutoCloseable {
    private final MiningSettings settings;
    private final SourceSet.Opened opened;
    private final Bm25Index separate;
    private final DocIds ids;
    private final PooledCandidateSource pool;
    private final MinerAssembly assembly;
    private final Miner miner;
    private final TextLookup lookup;
    private final List<MiningRun.Anchor> anchors;
    private final Map<String, Set<Integer>> planted;
    private final MiningManifest manifest;
    private final String poolFingerprint;
    private final String fingerprint;

    private Session(Job job, MiningSettings settings, int threads, Consumer<String> warnings) throws IOException {
      this.settings = settings;
      int textSource = job.sources().specs().indexOf(job.texts());
      this.opened = job.sources().open(threads);
      boolean ok = false;
      Bm25Index sep = null;
      MinerAssembly asm = null;
      try {
        sep = textSource >= 0 ? null : job.texts().open(threads);
        // Texts come from the pooled BM25 source when it is the same index, not from a second reader of it.
        Bm25Index texts = sep != null ? sep : (Bm25Index) opened.sources().get(textSource);
        this.ids = opened.sources().get(0).docIds();
        List<CandidateSource> retrieving = new ArrayList<>(opened.sources());
        if (job.candidates() != null) {
          for (int i = 0; i < retrieving.size(); i++) {
            retrieving.set(i, GivenCandidates.of(job.candidates(), retrieving.get(i)));
          }
        }
        this.pool = new PooledCandidateSource(retrieving, settings.depth(), settings.rrfK());
        this.anchors = Anchors.read(job.queries(), job.qrels(), ids, warnings);
        this.planted = MiningService.planted(job.planted(), ids);
        check(settings, ids.size(), opened.sources().size(), warnings);
        this.lookup = TextLookup.of(texts);
        asm = MinerAssembly.assemble(settings, opened.sources(), job.store() == null ? null : job.store().store(), ids,
            lookup, threads);
        this.miner = asm.miner(lookup, ids.size());
        this.manifest = MiningService.manifest(job, settings, asm.reference(), texts.manifest());
        this.poolFingerprint = poolFingerprint(job, manifest);
        this.fingerprint = outputFingerprint(manifest, poolFingerprint, planted);
        ok = true;
      } finally {
        this.separate = sep;
        this.assembly = asm;
        if (!ok) {
          close();
        }
      }
    }

    /**
     * Opens {@code job}'s sources with {@code settings} and reads its anchors.
     *
     * @throws IllegalArgumentException for settings that cannot be mined
     */
    public static Session open(Job job, MiningSettings settings, int threads, Consumer<String> warnings)
        throws IOException {
      return new Session(job, settings, threads, warnings);
    }

    /** The judged queries to mine, in file order. */
    public List<MiningRun.Anchor> anchors() {
      return anchors;
    }

    /** The name of the reference source. */
    public String reference() {
      return assembly.reference();
    }

    /** Whether planted false negatives are known. */
    public boolean planted() {
      return !planted.isEmpty();
    }

    /**
     * What writes the lines: the settings' format, with the dense retriever's query instruction as
     * {@code bge}'s {@code prompt} when it has one.
     */
    ExampleWriter writer() {
      String prompt = opened.sources().stream().filter(DenseCandidateSource.class::isInstance)
          .map(d -> ((DenseCandidateSource) d).encoder().queryPrefix()).findFirst().orElse("");
      return settings.writer(prompt);
    }

    /** The manifest's inputs and parameters (no counters yet). */
    public MiningManifest manifest() {
      return manifest;
    }

    /** Identifies the inputs, parameters and pools: what {@code --resume} checks. */
    public String fingerprint() {
      return fingerprint;
    }

    /**
     * Mines anchors {@code [from, to)} into {@code part}, written atomically (a temporary file renamed
     * into place, so a retried or killed attempt never leaves half a file under that name).
     *
     * @return the slice's counters, added anchor by anchor
     */
    public MiningStats mine(int from, int to, Path part, int chunk, int threads) throws IOException {
      MiningStats stats = new MiningStats();
      AtomicFile.writeBytes(part, os -> MiningRun.mineChunks(anchors.subList(from, to), pool, miner, writer(),
          lookup, ids, planted, chunk, threads, ProgressListener.NONE, (counted, lines) -> {
            for (AnchorStats a : counted) {
              stats.add(a);
            }
            os.write(lines);
          }));
      return stats;
    }

    @Override
    public void close() throws IOException {
      try (SourceSet.Opened o = opened; Bm25Index s = separate) {
        if (assembly != null) {
          assembly.close();
        }
      }
    }
  }

  /** Refuses settings that cannot be mined from {@code documents} and warns about a pool smaller than n. */
  private static void check(MiningSettings settings, int documents, int sources, Consumer<String> warnings) {
    if (settings.n() >= documents) {
      // The embedded API records a shortfall for every query; asked of a whole file, it is a mistake.
      throw new IllegalArgumentException("illegal negatives value: " + settings.n() + ", the corpus has " + documents
          + " documents, so at most " + (documents - 1) + " negatives per query exist");
    }
    if ((long) settings.n() > (long) settings.depth() * sources) {
      warnings.accept(String.format("n %d exceeds the pool (depth %d × %d sources): at least %d negatives per query"
          + " will be random top-ups", settings.n(), settings.depth(), sources, settings.n() - settings.depth() * sources));
    }
  }

  private static Map<String, Set<Integer>> planted(Path file, DocIds ids) throws IOException {
    Map<String, Set<Integer>> out = new HashMap<>();
    if (file == null) {
      return out;
    }
    for (PlantedFalseNegatives.Entry e : PlantedFalseNegatives.readFile(file)) {
      ids.ordinal(e.docId()).ifPresent(o -> out.computeIfAbsent(e.queryId(), k -> new HashSet<>()).add(o));
    }
    return out;
  }

  /** The manifest's inputs and parameters. */
  static MiningManifest manifest(Job job, MiningSettings s, String reference, IndexManifest index) throws IOException {
    DenseSource store = job.store();
    MiningManifest.Inputs in = new MiningManifest.Inputs(
        new MiningManifest.FileInput(job.queries().toString(), Sha256.of(job.queries())),
        new MiningManifest.FileInput(job.qrels().toString(), Sha256.of(job.qrels())),
        new MiningManifest.IndexInput(job.texts().index().toString(), index.corpusSha256(), index.analysis()),
        store == null ? null : new MiningManifest.StoreInput(store.store().toString(),
            JSON.readTree(store.store().resolve("store.json").toFile())),
        job.candidates() == null ? null
            : new MiningManifest.FileInput(job.candidates().toString(), Sha256.of(job.candidates())));
    FalseNegativeFilter fn = s.falseNegatives();
    MiningManifest.Parameters p = new MiningManifest.Parameters(s.parsedSampler().spec(), s.n(), s.seed(),
        s.format().label(), job.sources().names(), reference, s.depth(), s.rrfK(), s.removeTextDuplicates(),
        fn == null ? null : fn.adapter().spec(), fn == null ? null : fn.teacher(), fn == null ? null : fn.temperature(),
        s.cet(), store == null ? null : (store.backend() == null ? "default" : store.backend().name().toLowerCase(Locale.ROOT)) + ":"
            + store.faissFactory(),
        job.texts().k1(), job.texts().b(), s.explain(), s.teacher(), s.includeScores());
    return new MiningManifest(FoilVersion.get(), in, p, null, null, null);
  }

  /**
   * What determines a pool: the indexes and store (content hashes), the query model, the sources, the
   * depth and fusion constant, BM25's parameters and the vector backend — the manifest's inputs and
   * parameters without the sampler's, the seed's or the output's.
   */
  static String poolFingerprint(Job job, MiningManifest manifest) throws IOException {
    ObjectNode described = manifest.describedInputs();
    ObjectNode f = JSON.createObjectNode();
    ObjectNode in = described.path("inputs").deepCopy();
    in.remove(List.of("queries", "qrels"));
    if (in.path("candidates").isObject()) {
      ((ObjectNode) in.path("candidates")).remove("path");
    }
    ((ObjectNode) in.path("bm25_index")).remove("path");
    if (in.path("embedding_store").isObject()) {
      ((ObjectNode) in.path("embedding_store")).remove("path");
    }
    f.set("inputs", in);
    ObjectNode p = f.putObject("parameters");
    for (String k : List.of("sources", "depth", "rrf_k", "backend", "bm25_k1", "bm25_b")) {
      p.set(k, described.path("parameters").path(k));
    }
    DenseSource d = job.store() != null ? job.store() : DenseSource.of(Path.of("."));
    p.put("faiss_index", d.faissFactory()).put("ef_search", d.efSearch()).put("nprobe", d.nprobe())
        .put("hnsw_m", d.hnswM()).put("ef_construction", d.efConstruction());
    String queryModel = d.queryModel();
    if (queryModel != null && !Files.isDirectory(Path.of(queryModel))) {
      p.put("query_model", queryModel);
    } else if (queryModel != null) {
      ObjectNode qm = p.putObject("query_model");
      try (var files = Files.list(Path.of(queryModel))) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          qm.put(file.getFileName().toString(), Sha256.of(file));
        }
      }
    }
    return JSON.writeValueAsString(f);
  }

  /**
   * What shapes the output file and its manifest: the manifest's inputs and parameters, what shapes
   * the pools (vector backend settings, query model), and the planted false negatives counted in the
   * manifest. The chunk size and thread count shape neither.
   */
  static String outputFingerprint(MiningManifest manifest, String poolFingerprint, Map<String, Set<Integer>> planted)
      throws IOException {
    ObjectNode f = JSON.createObjectNode();
    f.set("manifest", manifest.describedInputs());
    f.put("pools", poolFingerprint);
    ObjectNode p = f.putObject("planted");
    new TreeMap<>(planted).forEach((q, docs) -> p.putPOJO(q, new TreeSet<>(docs)));
    return Sha256.of(JSON.writeValueAsString(f));
  }
}
