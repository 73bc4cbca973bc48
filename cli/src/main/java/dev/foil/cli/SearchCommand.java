package dev.foil.cli;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.ProgressListener;
import dev.foil.index.SelfMatchExclusion;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.Query;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.Bm25Parameters;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.run.TrecRunWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
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

/** {@code foil search}: BM25 retrieval for a query set, written as a TREC run. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Retrieve the top k documents for each query with BM25 and write a TREC run file.",
      "Query text is analysed like the corpus and never parsed as query syntax."
    })
final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "index built by `foil index`")
  Path index;

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

  @Option(names = "--tag", defaultValue = "foil-bm25", description = "run tag (default: ${DEFAULT-VALUE})")
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
    try (Bm25Index bm25 = open(index, k1, b)) {
      long t0 = System.nanoTime();
      Result r = search(bm25, queries, qrelsFile, k, excludeSelf, options.threads, out, tag,
          options.progress(), err);
      report(outw, r, out, System.nanoTime() - t0);
    }
    return Foil.OK;
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
  static Result search(Bm25Index bm25, Path queriesFile, Path qrelsFile, int k, boolean excludeSelf,
      int threads, Path out, String tag, ProgressListener progress, PrintWriter err) throws Exception {
    if (k < 1) {
      throw new IllegalArgumentException("illegal --k value: " + k + ", must be at least 1");
    }
    List<Query> all = QueriesReader.read(queriesFile);
    List<Query> selected = all;
    if (qrelsFile != null) {
      Qrels qrels = QrelsReader.read(qrelsFile);
      Set<String> known = new HashSet<>();
      all.forEach(q -> known.add(q.id()));
      warnUnknown(err, qrelsFile, qrels.unknownIds(known, bm25.docIds()));
      selected = all.stream().filter(q -> qrels.queryIds().contains(q.id())).toList();
      if (selected.isEmpty()) {
        throw new InputFormatException(qrelsFile, 0, null, "judges none of the queries in " + queriesFile);
      }
    }
    CandidateSource source = excludeSelf ? new SelfMatchExclusion(bm25) : bm25;
    List<CandidateList> lists = source.retrieveAll(selected, k, threads, progress);
    TrecRunWriter.write(out, lists, bm25.docIds(), tag);
    long hits = lists.stream().mapToLong(CandidateList::size).sum();
    return new Result(selected.size(), hits);
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
