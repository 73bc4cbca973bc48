package dev.foil.cli;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.SelfMatchExclusion;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.Query;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.Bm25Parameters;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.run.TrecRunWriter;
import dev.foil.index.vector.VectorBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code foil search}: BM25, dense or fused retrieval for a query set, written as a TREC run. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Retrieve the top k documents for each query and write a TREC run file.",
      "Sources: BM25 (--index, from `foil index`), dense (--dense, an embedding store from `foil encode`),",
      "or both pooled and fused by reciprocal rank (--sources bm25,dense --fusion rrf).",
      "Query text is analysed like the corpus and never parsed as query syntax."
    })
final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", paramLabel = "DIR", description = "BM25 index built by `foil index`")
  Path index;

  @Option(names = "--dense", paramLabel = "DIR", description = "embedding store built by `foil encode`")
  Path dense;

  @Option(names = "--sources", split = ",", paramLabel = "SOURCE",
      description = "bm25, dense or both (default: whichever of --index and --dense is given)")
  List<String> sources;

  @Option(names = "--fusion", paramLabel = "METHOD", description = "how to fuse several sources: rrf")
  String fusion;

  @Option(names = "--rrf-k", defaultValue = "60", description = "RRF rank constant (default: ${DEFAULT-VALUE})")
  int rrfK;

  @Option(names = "--depth", paramLabel = "N", description = "candidates taken from each source before fusion (default: --k)")
  Integer depth;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "dense index: faiss, hnsw or exact (default: faiss when its native library loaded, else exact)")
  String backend;

  @Option(names = "--faiss-index", defaultValue = "Flat",
      description = "FAISS index_factory description, e.g. Flat, HNSW32,Flat, IVF256,Flat (default: ${DEFAULT-VALUE})")
  String faissFactory;

  @Option(names = "--hnsw-m", defaultValue = "16", description = "Lucene HNSW connections per node (default: ${DEFAULT-VALUE})")
  int hnswM;

  @Option(names = "--ef-construction", defaultValue = "100", description = "HNSW build beam (default: ${DEFAULT-VALUE})")
  int efConstruction;

  @Option(names = "--ef-search", defaultValue = "128", description = "HNSW search beam (default: ${DEFAULT-VALUE})")
  int efSearch;

  @Option(names = "--nprobe", defaultValue = "16", description = "IVF lists visited per query (default: ${DEFAULT-VALUE})")
  int nprobe;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "queries.jsonl (or id<TAB>text .tsv)")
  Path queries;

  @Option(names = "--split", paramLabel = "NAME",
      description = "search only the queries judged in qrels/NAME.tsv (e.g. test)")
  String split;

  @Option(names = "--qrels-dir", paramLabel = "DIR",
      description = "where the split's qrels are (default: a qrels/ directory beside the queries file)")
  Path qrelsDir;

  @Option(names = "--k", defaultValue = "1000", description = "hits per query (default: ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the TREC run file to write")
  Path out;

  @Option(names = "--k1", description = "BM25 k1 (default: the index's, 0.9 unless changed)")
  Double k1;

  @Option(names = "--b", description = "BM25 b (default: the index's, 0.4 unless changed)")
  Double b;

  @Option(names = "--exclude-self",
      description = "drop the document whose id equals the query id (Anserini's -removeQuery)")
  boolean excludeSelf;

  @Option(names = "--tag", description = "run tag (default: foil-<source>)")
  String tag;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    PrintWriter outw = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path qrelsFile = null;
    if (split != null) {
      Path dir = qrelsDir != null ? qrelsDir : queries.toAbsolutePath().getParent().resolve("qrels");
      qrelsFile = dir.resolve(split + ".tsv");
    } else if (qrelsDir != null) {
      throw new IllegalArgumentException("--qrels-dir needs --split");
    }
    List<String> chosen = chosenSources();
    if (chosen.size() > 1 && !"rrf".equals(fusion)) {
      throw new IllegalArgumentException("several sources need --fusion rrf");
    }
    if (fusion != null && !fusion.equals("rrf")) {
      throw new IllegalArgumentException("unknown fusion \"" + fusion + "\": use rrf");
    }
    List<CandidateSource> opened = new ArrayList<>();
    try {
      for (String name : chosen) {
        opened.add(open(name));
      }
      CandidateSource source = opened.size() == 1 ? opened.get(0)
          : new PooledCandidateSource(opened, depth == null ? k : depth, rrfK);
      String runTag = tag != null ? tag : "foil-" + (opened.size() == 1 ? chosen.get(0) : "rrf");
      long t0 = System.nanoTime();
      Result r = search(source, queries, qrelsFile, k, excludeSelf, options.threads, out, runTag,
          options.progress(), err);
      report(outw, r, out, System.nanoTime() - t0);
    } finally {
      for (CandidateSource s : opened) {
        s.close();
      }
    }
    return Foil.OK;
  }

  private List<String> chosenSources() {
    List<String> chosen = new ArrayList<>();
    if (sources != null) {
      for (String s : sources) {
        String n = s.strip().toLowerCase(java.util.Locale.ROOT);
        if (!n.equals("bm25") && !n.equals("dense")) {
          throw new IllegalArgumentException("unknown source \"" + s + "\": use bm25 or dense");
        }
        if (!chosen.contains(n)) {
          chosen.add(n);
        }
      }
    } else {
      if (index != null) {
        chosen.add("bm25");
      }
      if (dense != null) {
        chosen.add("dense");
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("nothing to search: give --index (BM25) and/or --dense (embedding store)");
    }
    if (chosen.contains("bm25") && index == null) {
      throw new IllegalArgumentException("source bm25 needs --index DIR");
    }
    if (chosen.contains("dense") && dense == null) {
      throw new IllegalArgumentException("source dense needs --dense DIR");
    }
    return chosen;
  }

  private CandidateSource open(String name) throws Exception {
    if (name.equals("bm25")) {
      return open(index, k1, b);
    }
    VectorBackend chosen = backend == null ? VectorBackend.preferred() : VectorBackend.parse(backend);
    var settings = new VectorBackend.Settings(faissFactory, hnswM, efConstruction, efSearch, nprobe, options.threads);
    return DenseCandidateSource.open(dense, chosen, settings, options.threads);
  }

  /** The outcome of a search: how many queries and hits were written. */
  record Result(int queries, long hits) {}

  /** Opens the index with its own BM25 defaults, overridden by whichever of k1 and b is given. */
  static Bm25Index open(Path index, Double k1, Double b) throws Exception {
    Bm25Parameters defaults = IndexManifest.read(index).bm25();
    return Bm25Index.open(index,
        new Bm25Parameters(k1 == null ? defaults.k1() : k1, b == null ? defaults.b() : b));
  }

  /**
   * Reads queries (restricted to those judged in {@code qrelsFile} when given), retrieves, and writes
   * the run atomically.
   */
  static Result search(CandidateSource source, Path queriesFile, Path qrelsFile, int k, boolean excludeSelf,
      int threads, Path out, String tag, ProgressListener progress, PrintWriter err) throws Exception {
    if (k < 1) {
      throw new IllegalArgumentException("illegal --k value: " + k + ", must be at least 1");
    }
    List<Query> selected = selectQueries(queriesFile, qrelsFile, source.docIds(), err);
    CandidateSource s = excludeSelf ? new SelfMatchExclusion(source) : source;
    List<CandidateList> lists = s.retrieveAll(selected, k, threads, progress);
    TrecRunWriter.write(out, lists, source.docIds(), tag);
    long hits = lists.stream().mapToLong(CandidateList::size).sum();
    return new Result(selected.size(), hits);
  }
  /**
   * The queries of {@code queriesFile}, restricted to those judged in {@code qrelsFile} when it is
   * given, warning about judgments that name unknown queries or documents.
   */
  static List<Query> selectQueries(Path queriesFile, Path qrelsFile, DocIds docs, PrintWriter err) throws Exception {
    List<Query> all = QueriesReader.read(queriesFile);
    if (qrelsFile == null) {
      return all;
    }
    Qrels qrels = QrelsReader.read(qrelsFile);
    Set<String> known = new HashSet<>();
    all.forEach(q -> known.add(q.id()));
    warnUnknown(err, qrelsFile, qrels.unknownIds(known, docs));
    List<Query> selected = all.stream().filter(q -> qrels.queryIds().contains(q.id())).toList();
    if (selected.isEmpty()) {
      throw new InputFormatException(qrelsFile, 0, null, "judges none of the queries in " + queriesFile);
    }
    return selected;
  }

  static void warnUnknown(PrintWriter err, Path qrelsFile, Qrels.UnknownIds u) {
    if (u.queries() > 0) {
      err.printf("foil: warning: %s: %d judged queries (%d judgments) are not in the query file%n",
          qrelsFile, u.queries(), u.judgmentsOfUnknownQueries());
    }
    if (u.documentJudgments() > 0) {
      err.printf("foil: warning: %s: %d judgments name documents that are not in the corpus%n",
          qrelsFile, u.documentJudgments());
    }
    err.flush();
  }

  static void report(PrintWriter out, Result r, Path run, long nanos) {
    out.printf(Locale.ROOT, "searched %,d queries (%,d hits) into %s in %.2f s (%.0f queries/s)%n",
        r.queries(), r.hits(), run, nanos / 1e9, r.queries() / (nanos / 1e9));
    out.flush();
  }
}
