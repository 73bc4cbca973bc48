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
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.source.SourceSet;
import dev.foil.index.run.TrecRunWriter;
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

  @Option(names = "--fusion", paramLabel = "METHOD", description = "how to fuse several sources: rrf")
  String fusion;

  @Option(names = "--rrf-k", defaultValue = "" + PooledCandidateSource.DEFAULT_RRF_K, description = "RRF rank constant (default: ${DEFAULT-VALUE})")
  int rrfK;

  @Option(names = "--depth", paramLabel = "N", description = "candidates taken from each source before fusion (default: --k)")
  Integer depth;

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

  @Option(names = "--exclude-self",
      description = "drop the document whose id equals the query id (Anserini's -removeQuery)")
  boolean excludeSelf;

  @Option(names = "--tag", description = "run tag (default: foil-<source>)")
  String tag;

  @Mixin SourceOptions sourceOptions;

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
    SourceSet sources = sourceOptions.chosen();
    if (sources.specs().size() > 1 && !"rrf".equals(fusion)) {
      throw new IllegalArgumentException("several sources need --fusion rrf");
    }
    if (fusion != null && !fusion.equals("rrf")) {
      throw new IllegalArgumentException("unknown fusion \"" + fusion + "\": use rrf");
    }
    try (SourceSet.Opened opened = sources.open(options.threads)) {
      CandidateSource source = opened.sources().size() == 1 ? opened.sources().get(0)
          : new PooledCandidateSource(opened.sources(), depth == null ? k : depth, rrfK);
      String runTag = tag != null ? tag : "foil-" + (opened.sources().size() == 1 ? sources.names().get(0) : "rrf");
      long t0 = System.nanoTime();
      Result r = search(source, queries, qrelsFile, k, excludeSelf, options.threads, out, runTag,
          options.progress(), err);
      report(outw, r, out, System.nanoTime() - t0);
    }
    return Foil.OK;
  }

  /** The outcome of a search: how many queries and hits were written. */
  record Result(int queries, long hits) {}

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
