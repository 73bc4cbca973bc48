package dev.foil.cli;

import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.io.ExistingOutput;
import dev.foil.index.job.JobOptions;
import dev.foil.index.run.RunSearch;
import dev.foil.index.source.SourceOptions;
import dev.foil.index.source.SourceSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
final class SearchCommand implements Callable<Integer>, JobFlags.Declared {
  private static final JobOptions SOURCES = new JobOptions("foil search", SourceOptions.ALL);

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

  @Option(names = "--overwrite", description = "replace an existing run file (without it, an existing one is refused)")
  boolean overwrite;

  @Option(names = "--exclude-self",
      description = "drop the document whose id equals the query id (Anserini's -removeQuery)")
  boolean excludeSelf;

  @Option(names = "--tag", description = "run tag (default: foil-<source>)")
  String tag;

  @Mixin RunOptions options;

  @Override
  public JobOptions jobOptions() {
    return SOURCES;
  }

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
    ExistingOutput.check(out, overwrite, "");
    SourceSet sources = SourceOptions.chosen(JobFlags.values(spec));
    if (sources.specs().size() > 1 && !"rrf".equals(fusion)) {
      throw new IllegalArgumentException("several sources need --fusion rrf");
    }
    if (fusion != null && !fusion.equals("rrf")) {
      throw new IllegalArgumentException("unknown fusion \"" + fusion + "\": use rrf");
    }
    RunSearch.Result r = RunSearch.search(new RunSearch.Job(queries, qrelsFile, sources, k, depth == null ? k : depth,
        rrfK, excludeSelf, tag, out), options.threads, options.progress(), FoilCli.warnings(err));
    report(outw, r, out);
    return FoilCli.OK;
  }

  static void report(PrintWriter out, RunSearch.Result r, Path run) {
    out.printf(Locale.ROOT, "searched %,d queries (%,d hits) into %s in %.2f s (%.0f queries/s)%n",
        r.queries(), r.hits(), run, r.seconds(), r.queries() / r.seconds());
    out.flush();
  }
}
