package dev.foil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Query;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import dev.foil.index.fusion.PoolCache;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.io.Sha256;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.synthetic.PlantedFalseNegatives;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.rankers.cet.CetModel;
import dev.foil.rankers.fn.FnAdapterModel;
import dev.foil.rankers.fn.LearnedFalseNegativeEstimator;
import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplerRegistry;
import dev.foil.samplers.adapt.CandidateScorer;
import dev.foil.samplers.adapt.FalseNegativeAdapter;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.adapt.RankPropensity;
import dev.foil.samplers.adapt.SelectionModel;
import dev.foil.samplers.adapt.TeacherMarginEstimator;
import dev.foil.samplers.output.OutputFormat;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningDefaults;
import dev.foil.samplers.pipeline.MiningRun;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.TextLookup;
import dev.foil.samplers.spec.Parameters;
import dev.foil.train.Devices;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  @picocli.CommandLine.Spec CommandSpec spec;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "queries.jsonl")
  Path queries;

  @Option(names = "--split", paramLabel = "NAME", description = "positives from qrels/NAME.tsv beside the queries (e.g. train)")
  String split;

  @Option(names = "--qrels", paramLabel = "FILE", description = "positives from this qrels file instead")
  Path qrels;

  @Option(names = "--depth", defaultValue = "" + MiningDefaults.DEPTH, description = "candidates per source (default: ${DEFAULT-VALUE})")
  int depth;

  @Option(names = "--rrf-k", defaultValue = "" + PooledCandidateSource.DEFAULT_RRF_K, description = "RRF rank constant for pooled sources (default: ${DEFAULT-VALUE})")
  int rrfK;

  @Option(names = "--score-source", paramLabel = "SOURCE",
      description = "whose scores samplers use: bm25 or dense (default: dense when pooled, else the one source)")
  String scoreSource;

  @Option(names = "--sampler", defaultValue = MiningDefaults.SAMPLER, description = "sampler spec (default: ${DEFAULT-VALUE})")
  String sampler;

  @Option(names = "--n", defaultValue = "" + MiningDefaults.NEGATIVES, description = "negatives per query (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "42", description = "fixes every random choice (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--keep-text-duplicates", description = "keep negatives whose text equals a positive's or the query's")
  boolean keepTextDuplicates;

  @Option(names = "--fn-adapter", paramLabel = "SPEC", description = "fn-drop(t), fn-reweight or fn-resample")
  String fnAdapter;

  @Option(names = "--fn-teacher", paramLabel = "SOURCE",
      description = "estimate of P(false negative): teacher source bm25 or dense, or a learned adapter directory from `foil train fn-adapter`")
  String fnTeacher;

  @Option(names = "--fn-temperature", defaultValue = "0.05",
      description = "τ of p = σ((t(c) − t⁺)/τ), in teacher score units (default: ${DEFAULT-VALUE})")
  double fnTemperature;

  @Option(names = "--cet", paramLabel = "SPEC",
      description = "CET weights from a selection model: rank-propensity(r0,eta), or a directory from `foil train cet`")
  String cet;

  @Option(names = "--format", defaultValue = "bge", description = "bge, tevatron, st-triplet, st-ntuple or ids (default: ${DEFAULT-VALUE})")
  String format;

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
    NegativeSampler s = SamplerRegistry.load().parse(sampler);
    OutputFormat fmt = OutputFormat.parse(format);
    FalseNegativeAdapter adapter = fnAdapter == null ? null : FalseNegativeAdapter.parse(fnAdapter);
    if ((adapter == null) != (fnTeacher == null)) {
      throw new IllegalArgumentException("--fn-adapter and --fn-teacher go together");
    }
    if (sourceOptions.index == null) {
      throw new IllegalArgumentException("mine needs --index: document texts are read from the BM25 index");
    }
    Path qrelsFile = qrels != null ? qrels
        : split != null ? queries.toAbsolutePath().getParent().resolve("qrels").resolve(split + ".tsv") : null;
    if (qrelsFile == null) {
      throw new IllegalArgumentException("positives come from qrels: give --split NAME or --qrels FILE");
    }
    List<String> chosen = sourceOptions.chosen();
    String reference = scoreSource != null ? scoreSource.toLowerCase(Locale.ROOT)
        : chosen.contains("dense") ? "dense" : chosen.get(0);
    int referenceIndex = chosen.indexOf(reference);
    if (referenceIndex < 0) {
      throw new IllegalArgumentException("--score-source " + scoreSource + " is not among the sources " + chosen);
    }

    List<CandidateSource> opened = new ArrayList<>();
    List<AutoCloseable> closeLater = new ArrayList<>();
    try (Bm25Index texts = sourceOptions.openBm25()) {
      for (String name : chosen) {
        opened.add(sourceOptions.open(name, options.threads));
      }
      DocIds ids = opened.get(0).docIds();
      PooledCandidateSource pool = new PooledCandidateSource(opened, depth, rrfK);

      List<MiningRun.Anchor> anchors = anchors(queries, qrelsFile, ids, err);

      FalseNegativeAdapter a = adapter;
      FalseNegativeEstimator estimator = null;
      if (adapter != null && FnAdapterModel.isModelDir(Path.of(fnTeacher))) {
        estimator = learnedEstimator(Path.of(fnTeacher), ids, opened, closeLater);
      } else if (adapter != null) {
        int t = chosen.indexOf(fnTeacher.toLowerCase(Locale.ROOT));
        if (t < 0) {
          throw new IllegalArgumentException("--fn-teacher " + fnTeacher + " is not among the sources " + chosen);
        }
        estimator = new TeacherMarginEstimator(CandidateScorer.of(opened.get(t)), fnTemperature);
      }
      SelectionModel selection = cet == null ? null
          : CetModel.isModelDir(Path.of(cet)) ? CetModel.load(Path.of(cet)) : parseCet(cet);
      Miner miner = new Miner(new Miner.Settings(s, n, seed, referenceIndex, !keepTextDuplicates, a, estimator, selection),
          TextLookup.of(texts), ids.size());

      Map<String, Set<Integer>> plantedByQuery = planted(ids, err);
      if (n >= ids.size()) {
        // The library records a shortfall for every query; asked on the command line, it is a mistake.
        throw new IllegalArgumentException("illegal --n value: " + n + ", the corpus has " + ids.size()
            + " documents, so at most " + (ids.size() - 1) + " negatives per query exist");
      }
      if ((long) n > (long) depth * chosen.size()) {
        err.printf("foil: warning: --n %d exceeds the pool (--depth %d × %d sources): at least %d negatives per query"
            + " will be random top-ups%n", n, depth, chosen.size(), n - depth * chosen.size());
      }
      ObjectNode manifest = manifest(s, fmt, qrelsFile, chosen, reference, texts);
      String poolFingerprint = poolFingerprint(manifest);
      PoolCache cache = null;
      if (poolCache != null) {
        cache = new PoolCache(poolCache, poolFingerprint);
        pool.cachedIn(cache);
      }
      String fingerprint = outputFingerprint(manifest, poolFingerprint, plantedByQuery);
      long t0 = System.nanoTime();
      MiningRun.Outcome r = MiningRun.run(anchors, pool, miner, fmt, TextLookup.of(texts), ids, plantedByQuery, out,
          new MiningRun.Options(chunk, options.threads, fingerprint, resume), manifest, options.progress());
      if (r.alreadyComplete()) {
        o.println("nothing to resume: " + out + " is complete");
      } else {
        report(o, r, anchors.size(), reference, System.nanoTime() - t0, !plantedByQuery.isEmpty());
        if (cache != null) {
          o.printf(Locale.ROOT, "  candidate pools: %,d queries read from %s, %,d computed and stored%n", cache.hits(),
              poolCache, cache.misses());
          o.flush();
        }
      }
    } finally {
      for (CandidateSource c : opened) {
        c.close();
      }
      for (AutoCloseable c : closeLater) {
        c.close();
      }
    }
    return Foil.OK;
  }

  /**
   * The learned adapter in {@code dir}, reading the vectors of the --dense store: those of the opened
   * dense source when it is in the pool (and encodes queries with the store's own model), else opened here.
   */
  private FalseNegativeEstimator learnedEstimator(Path dir, DocIds ids, List<CandidateSource> opened,
      List<AutoCloseable> closeLater) throws Exception {
    if (sourceOptions.dense == null) {
      throw new IllegalArgumentException("a learned false-negative adapter reads vectors from --dense STORE");
    }
    DenseCandidateSource pooled = opened.stream().filter(DenseCandidateSource.class::isInstance)
        .map(DenseCandidateSource.class::cast).findFirst().orElse(null);
    EmbeddingStore store;
    Encoder encoder;
    if (pooled != null && sourceOptions.queryModel == null) {
      store = pooled.store();
      encoder = pooled.encoder();
    } else {
      store = EmbeddingStore.open(sourceOptions.dense);
      closeLater.add(store);
      encoder = Encoders.open(store.manifest().modelSource(), store.manifest().maxLength(), 8, options.threads);
      closeLater.add(encoder);
    }
    FnAdapterModel model = FnAdapterModel.open(dir, Devices.preferred());
    closeLater.add(model);
    return new LearnedFalseNegativeEstimator(model, store, encoder, ids);
  }

  /**
   * The queries of {@code queriesFile} that have a judged positive in the corpus, with those positives;
   * warns about judged queries without one and positives naming unknown documents.
   */
  static List<MiningRun.Anchor> anchors(Path queriesFile, Path qrelsFile, DocIds ids, PrintWriter err) throws Exception {
    Qrels judged = QrelsReader.read(qrelsFile);
    List<MiningRun.Anchor> anchors = new ArrayList<>();
    int withoutPositives = 0;
    int unknownPositives = 0;
    for (Query q : QueriesReader.read(queriesFile)) {
      List<Integer> pos = new ArrayList<>();
      for (var e : judged.judgments(q.id()).entrySet()) {
        if (e.getValue() > 0) {
          var ord = ids.ordinal(e.getKey());
          if (ord.isPresent()) {
            pos.add(ord.getAsInt());
          } else {
            unknownPositives++;
          }
        }
      }
      if (pos.isEmpty()) {
        withoutPositives += judged.queryIds().contains(q.id()) ? 1 : 0;
        continue;
      }
      anchors.add(new MiningRun.Anchor(q, pos.stream().mapToInt(Integer::intValue).toArray()));
    }
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException(qrelsFile + ": no query of " + queriesFile + " has a positive in the corpus");
    }
    if (withoutPositives > 0 || unknownPositives > 0) {
      err.printf("foil: warning: %d judged queries have no positive in the corpus (skipped); %d positives name unknown documents%n",
          withoutPositives, unknownPositives);
    }
    return anchors;
  }

  private static SelectionModel parseCet(String text) {
    dev.foil.samplers.spec.Spec sp = dev.foil.samplers.spec.Spec.parse(text);
    if (!sp.name().equals("rank-propensity")) {
      throw new IllegalArgumentException("unknown selection model \"" + sp.name() + "\": use rank-propensity(r0,eta)");
    }
    Parameters p = Parameters.bind(sp, List.of("r0", "eta", "unranked"));
    return new RankPropensity(p.inRange("r0", 10, 1, 1e9), p.inRange("eta", 1, 0, 100), p.integer("unranked", 1000, 1));
  }

  private Map<String, Set<Integer>> planted(DocIds ids, PrintWriter err) throws Exception {
    Path file = planted != null ? planted
        : queries.toAbsolutePath().getParent().resolve(SyntheticCollection.PLANTED_FILE);
    Map<String, Set<Integer>> out = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    for (PlantedFalseNegatives.Entry e : PlantedFalseNegatives.readFile(file)) {
      ids.ordinal(e.docId()).ifPresent(o -> out.computeIfAbsent(e.queryId(), k -> new HashSet<>()).add(o));
    }
    return out;
  }

  private ObjectNode manifest(NegativeSampler s, OutputFormat fmt, Path qrelsFile, List<String> chosen, String reference,
      Bm25Index texts) throws Exception {
    ObjectNode m = JSON.createObjectNode();
    String v = Foil.class.getPackage().getImplementationVersion();
    m.put("foil_version", v == null ? "development" : v);
    ObjectNode in = m.putObject("inputs");
    in.putObject("queries").put("path", queries.toString()).put("sha256", Sha256.of(queries));
    in.putObject("qrels").put("path", qrelsFile.toString()).put("sha256", Sha256.of(qrelsFile));
    IndexManifest im = texts.manifest();
    in.putObject("bm25_index").put("path", sourceOptions.index.toString()).put("corpus_sha256", im.corpusSha256())
        .put("analysis", im.analysis());
    if (sourceOptions.dense != null) {
      ObjectNode store = in.putObject("embedding_store").put("path", sourceOptions.dense.toString());
      store.set("manifest", JSON.readTree(sourceOptions.dense.resolve("store.json").toFile()));
    }
    ObjectNode p = m.putObject("parameters");
    p.put("sampler", s.spec()).put("n", n).put("seed", seed).put("format", fmt.label());
    p.putPOJO("sources", chosen);
    p.put("score_source", reference).put("depth", depth).put("rrf_k", rrfK);
    p.put("remove_text_duplicates", !keepTextDuplicates);
    p.put("fn_adapter", fnAdapter == null ? null : FalseNegativeAdapter.parse(fnAdapter).spec());
    p.put("fn_teacher", fnTeacher).put("fn_temperature", fnAdapter == null ? null : fnTemperature);
    p.put("cet", cet);
    p.put("backend", sourceOptions.dense == null ? null
        : (sourceOptions.backend == null ? "default" : sourceOptions.backend) + ":" + sourceOptions.faissFactory);
    p.put("bm25_k1", sourceOptions.k1).put("bm25_b", sourceOptions.b);
    return m;
  }

  /**
   * What determines a pool: the indexes and store (content hashes), the query model, the sources, the
   * depth and fusion constant, BM25's parameters and the vector backend — the manifest's inputs and
   * parameters without the sampler's, the seed's or the output's.
   */
  private String poolFingerprint(ObjectNode manifest) throws Exception {
    ObjectNode f = JSON.createObjectNode();
    ObjectNode in = manifest.path("inputs").deepCopy();
    in.remove(List.of("queries", "qrels"));
    ((ObjectNode) in.path("bm25_index")).remove("path");
    if (in.path("embedding_store").isObject()) {
      ((ObjectNode) in.path("embedding_store")).remove("path");
    }
    f.set("inputs", in);
    ObjectNode p = f.putObject("parameters");
    for (String k : List.of("sources", "depth", "rrf_k", "backend", "bm25_k1", "bm25_b")) {
      p.set(k, manifest.path("parameters").path(k));
    }
    p.put("faiss_index", sourceOptions.faissFactory).put("ef_search", sourceOptions.efSearch)
        .put("nprobe", sourceOptions.nprobe).put("hnsw_m", sourceOptions.hnswM)
        .put("ef_construction", sourceOptions.efConstruction);
    if (sourceOptions.queryModel != null && !Files.isDirectory(Path.of(sourceOptions.queryModel))) {
      p.put("query_model", sourceOptions.queryModel);
    } else if (sourceOptions.queryModel != null) {
      ObjectNode qm = p.putObject("query_model");
      try (var files = Files.list(Path.of(sourceOptions.queryModel))) {
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
  private static String outputFingerprint(ObjectNode manifest, String poolFingerprint,
      Map<String, Set<Integer>> planted) throws Exception {
    ObjectNode f = JSON.createObjectNode();
    f.set("manifest", manifest);
    f.put("pools", poolFingerprint);
    ObjectNode p = f.putObject("planted");
    new TreeMap<>(planted).forEach((q, docs) -> p.putPOJO(q, new TreeSet<>(docs)));
    return Sha256.of(JSON.writeValueAsString(f));
  }

  private static void report(PrintWriter o, MiningRun.Outcome r, int anchors, String reference, long nanos, boolean planted) {
    MiningStats st = r.stats();
    o.printf(Locale.ROOT, "mined %,d queries (%,d negatives; %,d top-ups; %,d queries short by %,d)%s in %.1f s%n",
        st.anchors, st.negatives, st.topUps, st.shortfallAnchors, st.shortfallTotal,
        r.resumedFromAnchor() > 0 ? " resuming after " + r.resumedFromAnchor() + " queries" : "", nanos / 1e9);
    o.printf(Locale.ROOT, "  %-34s %14s %14s%n", "stage", "kept", "dropped");
    st.stages.forEach((k, v) -> o.printf(Locale.ROOT, "  %-34s %,14d %,14d%n", k, v[0], v[1]));
    o.printf(Locale.ROOT, "  %-34s %9s %9s %9s %9s%n", "scores (" + reference + ")", "mean", "sd", "min", "max");
    row(o, "positive (lowest per query)", st.positiveScore);
    row(o, "negative", st.negativeScore);
    row(o, "gap (positive - negative)", st.gap);
    StringBuilder ranks = new StringBuilder("  negatives by reference rank:");
    for (int i = 0; i < MiningStats.RANK_BUCKETS.length; i++) {
      ranks.append(' ').append(MiningStats.RANK_BUCKETS[i]).append(": ").append(st.rankBuckets[i]);
      ranks.append(i + 1 < MiningStats.RANK_BUCKETS.length ? "," : "");
    }
    o.println(ranks);
    if (planted) {
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
