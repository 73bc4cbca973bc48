package dev.foil.cli;

import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.lucene.Bm25Parameters;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.lucene.TextAnalysis;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code foil index}: builds a Lucene BM25 index from a BEIR corpus. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Build an on-disk Lucene BM25 index from a BEIR corpus.jsonl.",
      "Analysis reproduces Anserini's BEIR 'flat' indexing (title + text, Porter stemming, Lucene's English stop words)."
    })
final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, paramLabel = "FILE|DIR",
      description = "corpus.jsonl, or a BEIR directory holding one")
  Path corpus;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "where to write the index")
  Path index;

  @Option(names = "--k1", defaultValue = "0.9", description = "default BM25 k1 recorded in the index (default: ${DEFAULT-VALUE})")
  double k1;

  @Option(names = "--b", defaultValue = "0.4", description = "default BM25 b recorded in the index (default: ${DEFAULT-VALUE})")
  double b;

  @Option(names = "--stemmer", defaultValue = "porter", description = "porter, krovetz or none (default: ${DEFAULT-VALUE})")
  String stemmer;

  @Option(names = "--keep-stopwords", description = "do not remove Lucene's English stop words")
  boolean keepStopwords;

  @Option(names = "--overwrite", description = "replace an existing index directory")
  boolean overwrite;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    Path corpusFile = Files.isDirectory(corpus) ? corpus.resolve("corpus.jsonl") : corpus;
    long t0 = System.nanoTime();
    IndexManifest m = new Bm25Indexer(new TextAnalysis(stemmer, !keepStopwords), new Bm25Parameters(k1, b),
        options.threads).build(corpusFile, index, overwrite, options.progress());
    report(spec.commandLine().getOut(), m, index, System.nanoTime() - t0);
    return FoilCli.OK;
  }

  private static void report(PrintWriter out, IndexManifest m, Path index, long nanos) {
    out.printf(Locale.ROOT, "indexed %,d documents (%,d terms, %s) into %s in %.2f s%n",
        m.documents(), m.totalTerms(), m.analysis(), index, nanos / 1e9);
    out.flush();
  }
}
