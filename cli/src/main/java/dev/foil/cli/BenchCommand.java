package dev.foil.cli;

import dev.foil.bench.DenseBenchmarks;
import dev.foil.eval.experiment.ExperimentSpec;
import dev.foil.index.ProgressListener;
import dev.foil.index.ThreadBudget;
import dev.foil.index.data.JudgedQueries;
import dev.foil.index.data.Query;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code foil bench SPEC}: runs an experiment's grid (cached) and writes its results and report; the
 * subcommands are the speed measurements recorded in docs/BENCHMARKS.md.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {"Run an experiment spec (YAML or JSON): every sampler × seed mined, trained and evaluated as",
        "foil commands, cached so a re-run only does what changed; writes OUT/results.json, OUT/report.html and",
        "OUT/report.md. Or a speed benchmark recorded in docs/BENCHMARKS.md: ann, flat or encode."},
    subcommands = {BenchCommand.Ann.class, BenchCommand.Flat.class, BenchCommand.Encode.class,
        BenchCommand.DenseScale.class})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "experiment spec to run")
  Path specFile;

  @Option(names = "--out", paramLabel = "DIR", description = "results directory (default: bench-results/NAME)")
  Path out;

  @Option(names = "--fresh", description = "run every step again instead of reusing cached ones")
  boolean fresh;

  @Option(names = "--no-report", description = "only results.json, no report")
  boolean noReport;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    if (specFile == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing SPEC, or a benchmark: ann, flat or encode");
    }
    ExperimentSpec experiment = ExperimentSpec.read(specFile);
    Path dir = out != null ? out : Path.of("bench-results", experiment.name());
    return Experiments.run(experiment, specFile, dir, fresh, !noReport, options, spec.commandLine().getOut());
  }

  private static String machine() {
    return ThreadBudget.cores() + " cores, Java " + Runtime.version();
  }

  /** Recall and speed of the vector indexes against exact search, on real embeddings. */
  @Command(name = "ann", mixinStandardHelpOptions = true,
      description = "Recall@k against exact search, build time and queries/s of FAISS Flat, FAISS HNSW and Lucene HNSW.")
  static final class Ann implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dense", required = true, paramLabel = "DIR", description = "embedding store from `foil encode`")
    Path store;

    @Option(names = "--queries", required = true, paramLabel = "FILE", description = "queries.jsonl")
    Path queries;

    @Option(names = "--split", paramLabel = "NAME", description = "only the queries judged in qrels/NAME.tsv")
    String split;

    @Option(names = "--k", defaultValue = "100", description = "neighbours per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--faiss-m", defaultValue = "32", description = "FAISS HNSW M (default: ${DEFAULT-VALUE})")
    int faissM;

    @Option(names = "--hnsw-m", defaultValue = "16", description = "Lucene HNSW maxConn (default: ${DEFAULT-VALUE})")
    int luceneM;

    @Option(names = "--ef-construction", defaultValue = "100", description = "HNSW build beam (default: ${DEFAULT-VALUE})")
    int efConstruction;

    @Option(names = "--ef-search", defaultValue = "128", description = "HNSW search beam (default: ${DEFAULT-VALUE})")
    int efSearch;

    @Option(names = "--repeats", defaultValue = "5", description = "timed searches per index; the median is reported")
    int repeats;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (EmbeddingStore s = EmbeddingStore.open(store)) {
        Path qrels = split == null ? null : queries.toAbsolutePath().getParent().resolve("qrels").resolve(split + ".tsv");
        List<Query> qs = JudgedQueries.select(queries, qrels, s.docIds(), FoilCli.warnings(spec.commandLine().getErr()));
        float[] vectors;
        try (Encoder enc = Encoders.open(s.manifest().modelSource(), s.manifest().maxLength(), 8, options.threads)) {
          vectors = enc.encodeQueries(qs.stream().map(Query::text).toList(), ProgressListener.NONE);
        }
        List<DenseBenchmarks.AnnResult> results = DenseBenchmarks.ann(s, vectors, k, faissM, luceneM, efConstruction,
            efSearch, options.threads, repeats);
        out.printf(Locale.ROOT, "%d vectors × %d, %d queries, k=%d, %s%n", s.size(), s.dimension(), qs.size(), k, machine());
        out.printf(Locale.ROOT, "%-80s %9s %12s %10s%n", "index", "build s", "queries/s", "recall@" + k);
        for (DenseBenchmarks.AnnResult r : results) {
          out.printf(Locale.ROOT, "%-80s %9.3f %12.0f %10.4f%n", r.index(), r.buildSeconds(), r.queriesPerSecond(), r.recall());
        }
        out.flush();
      }
      return FoilCli.OK;
    }
  }

  /** FAISS flat search against the machine's sgemm rate. */
  @Command(name = "flat", mixinStandardHelpOptions = true,
      description = "FAISS Flat batched search on random unit vectors, as a fraction of OpenBLAS sgemm's rate.")
  static final class Flat implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--n", defaultValue = "100000", description = "corpus vectors (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--dim", defaultValue = "384", description = "dimension (default: ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--queries", defaultValue = "1000", description = "queries per batch (default: ${DEFAULT-VALUE})")
    int nq;

    @Option(names = "--k", defaultValue = "100", description = "neighbours per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--repeats", defaultValue = "9", description = "timed runs, interleaved with sgemm; medians are reported")
    int repeats;

    @Mixin RunOptions options;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      DenseBenchmarks.FlatResult r = DenseBenchmarks.flat(n, dim, nq, k, options.threads, repeats);
      out.printf(Locale.ROOT, "FAISS Flat, %d × %d corpus, %d queries, k=%d, %d threads, %s%n", n, dim, nq, k,
          options.threads, machine());
      for (String s : r.sgemmShapes()) {
        out.println("  sgemm " + s);
      }
      out.printf(Locale.ROOT, "  sgemm peak (machine rate): %.1f GFLOP/s%n", r.sgemmPeak());
      out.printf(Locale.ROOT, "  add: %.3f s; search: %.3f s (median of %d) = %.1f GFLOP/s = %.0f queries/s%n",
          r.addSeconds(), r.flatSeconds(), repeats, r.flatGflops(), nq / r.flatSeconds());
      out.printf(Locale.ROOT, "  FAISS Flat / sgemm peak = %.1f%%%n", 100 * r.ratio());
      out.flush();
      return FoilCli.OK;
    }
  }

  /** Encoder throughput against langchain4j's model on the same passages. */
  @Command(name = "encode", mixinStandardHelpOptions = true,
      description = "Texts/s of Foil's MiniLM encoder and langchain4j's AllMiniLmL6V2EmbeddingModel on the same passages.")
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "FILE|DIR", description = "corpus.jsonl or a BEIR directory")
    Path corpus;

    @Option(names = "--texts", defaultValue = "2000", description = "passages, from the start of the corpus (default: ${DEFAULT-VALUE})")
    int texts;

    @Option(names = "--max-length", defaultValue = "128",
        description = "Foil's max tokens; 128 is what langchain4j's model uses (its tokenizer.json truncates there),"
            + " so both encode the same tokens (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--batch-size", defaultValue = "8", description = "Foil's batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--model", defaultValue = "minilm", paramLabel = "MODEL",
        description = "Foil's encoder: minilm, minilm-q or a model directory (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--repeats", defaultValue = "5",
        description = "Foil / langchain4j pairs, the order alternating from pair to pair (default: ${DEFAULT-VALUE})")
    int repeats;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      Path file = Files.isDirectory(corpus) ? corpus.resolve("corpus.jsonl") : corpus;
      DenseBenchmarks.EncodeResult r =
          DenseBenchmarks.encode(file, texts, model, maxLength, batchSize, options.threads, repeats);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%d passages of %s, %d threads, %s%n", r.texts(), file, options.threads, machine());
      for (int i = 0; i < repeats; i++) {
        out.printf(Locale.ROOT, "  pair %d (%s first): foil %.1f, langchain4j %.1f texts/s, ratio %.2f%n", i + 1,
            DenseBenchmarks.EncodeResult.foilFirst(i) ? "foil" : "langchain4j", r.foil()[i], r.langchain4j()[i], r.foil()[i] / r.langchain4j()[i]);
      }
      out.printf(Locale.ROOT, "  foil OnnxEncoder (%s, maxLength %d, batch %d): median %.1f texts/s, %.0f tokens/s"
          + " (%d tokens after truncation, before padding)%n", r.model(), r.maxLength(), batchSize, r.foilMedian(),
          r.foilMedian() * r.tokens() / r.texts(), r.tokens());
      out.printf(Locale.ROOT, "  langchain4j AllMiniLmL6V2EmbeddingModel: median %.1f texts/s%n", r.langchain4jMedian());
      out.printf(Locale.ROOT, "  ratio foil / langchain4j: median of the pairs %.2f%n", r.ratioMedian());
      out.flush();
      return FoilCli.OK;
    }
  }

  /** FAISS Flat, IVF-PQ and HNSW as the corpus grows, on synthetic embeddings (docs/SCALE.md). */
  @Command(name = "dense-scale", mixinStandardHelpOptions = true,
      description = "Build time, queries/s and recall@k against Flat of FAISS Flat, IVF-PQ and HNSW (and Lucene"
          + " HNSW with --lucene-m) over clustered synthetic embeddings of each size.")
  static final class DenseScale implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--sizes", defaultValue = "10000,100000,300000,1000000", split = ",",
        description = "corpus sizes (default: ${DEFAULT-VALUE})")
    int[] sizes;

    @Option(names = "--dim", defaultValue = "384", description = "dimension (default: ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--queries", defaultValue = "200", description = "queries per search (default: ${DEFAULT-VALUE})")
    int nq;

    @Option(names = "--k", defaultValue = "100", description = "neighbours per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--pq-bytes", defaultValue = "48",
        description = "PQ code bytes per vector, 0 to leave IVF-PQ out (default: ${DEFAULT-VALUE})")
    int pqBytes;

    @Option(names = "--nprobe", defaultValue = "16", description = "IVF lists searched (default: ${DEFAULT-VALUE})")
    int nprobe;

    @Option(names = "--hnsw-m", defaultValue = "32",
        description = "FAISS HNSW connections, 0 to leave it out (default: ${DEFAULT-VALUE})")
    int hnswM;

    @Option(names = "--lucene-m", defaultValue = "0",
        description = "Lucene HNSW maxConn, 0 to leave it out (default: ${DEFAULT-VALUE})")
    int luceneM;

    @Option(names = "--ef-construction", defaultValue = "40", description = "HNSW build beam (default: ${DEFAULT-VALUE})")
    int efConstruction;

    @Option(names = "--ef-search", defaultValue = "128", description = "HNSW search beam (default: ${DEFAULT-VALUE})")
    int efSearch;

    @Option(names = "--repeats", defaultValue = "3", description = "timed searches per index; the median is reported")
    int repeats;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "clustered synthetic vectors, d=%d, %d queries, k=%d, %s%n", dim, nq, k, machine());
      out.printf(Locale.ROOT, "%10s  %-56s %9s %11s %10s %13s%n", "vectors", "index", "build s", "queries/s",
          "recall@" + k, "peak RSS MB");
      for (int n : sizes) {
        // IVF lists: √n rounded down to a power of two, the low end of FAISS's guidelines, so that k-means
        // (at most 256 training vectors per list) stays within minutes on a few cores.
        int lists = Integer.highestOneBit((int) Math.max(16, Math.sqrt(n)));
        for (DenseBenchmarks.AnnResult r : DenseBenchmarks.scale(n, dim, nq, k, lists, pqBytes, nprobe, hnswM,
            luceneM, efConstruction, efSearch, options.threads, repeats, 1)) {
          out.printf(Locale.ROOT, "%10d  %-56s %9.2f %11.0f %10.4f %13d%n", n, r.index(), r.buildSeconds(),
              r.queriesPerSecond(), r.recall(), peakRssMb());
          out.flush();
        }
      }
      return FoilCli.OK;
    }

    /** The process's peak resident memory so far (VmHWM), in MB; -1 where /proc is not there. */
    private static long peakRssMb() {
      try (var lines = Files.lines(Path.of("/proc/self/status"))) {
        return lines.filter(l -> l.startsWith("VmHWM:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024)
            .findFirst().orElse(-1L);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
  }
}
