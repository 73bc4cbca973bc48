package dev.foil.cli;

import dev.foil.index.data.BeirDataset;
import dev.foil.index.io.ExistingOutput;
import dev.foil.index.run.Run;
import dev.foil.index.run.TrecRunReader;
import dev.foil.index.run.TrecRunWriter;
import dev.foil.index.data.BeirTexts;
import dev.foil.rankers.rerank.OnnxCrossEncoder;
import dev.foil.rankers.rerank.RunReranker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foil rerank}: reorders the top k of a run with a trained cross-encoder. */
@Command(name = "rerank", mixinStandardHelpOptions = true,
    description = "Rerank the top k documents of each query of a TREC run with a reranker from `foil train reranker`.")
final class RerankCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "FILE", description = "first-stage TREC run")
  Path run;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "a reranker from `foil train reranker`, or a Hugging Face ONNX cross-encoder folder")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "BEIR dataset: queries.jsonl and corpus.jsonl")
  Path data;

  @Option(names = "--k", defaultValue = "100", description = "documents reranked per query (default: ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--batch-size", defaultValue = "16", description = "pairs per forward pass (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--interpolate", defaultValue = "1", paramLabel = "LAMBDA",
      description = "final score λ·z(reranker) + (1−λ)·z(first stage), standardised per query; 1 = reranker only (default: ${DEFAULT-VALUE})")
  double lambda;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "reranked run to write")
  Path out;

  @Option(names = "--tag", defaultValue = "foil-rerank", description = "run tag (default: ${DEFAULT-VALUE})")
  String tag;

  @Option(names = "--overwrite", description = "replace an existing run file (without it, an existing one is refused)")
  boolean overwrite;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    ExistingOutput.check(out, overwrite, "");
    PrintWriter o = spec.commandLine().getOut();
    BeirDataset d = BeirDataset.at(data);
    Run first = TrecRunReader.read(run);
    BeirTexts texts = BeirTexts.load(d);
    long t0 = System.nanoTime();
    try (OnnxCrossEncoder m = OnnxCrossEncoder.open(model, batchSize, options.threads)) {
      Run reranked = new RunReranker(m, k, lambda).rerank(first, texts.queries(), texts.passages()::get, options.progress());
      TrecRunWriter.write(out, reranked, tag);
      double secs = (System.nanoTime() - t0) / 1e9;
      long pairs = reranked.queryIds().stream().mapToLong(q -> reranked.ranking(q).size()).sum();
      o.printf(Locale.ROOT, "reranked the top %d of %,d queries (%,d pairs) into %s in %.1f s (%.1f pairs/s)%n", k,
          reranked.size(), pairs, out, secs, pairs / secs);
    }
    return FoilCli.OK;
  }
}
