package dev.foil.cli;

import dev.foil.index.dense.EmbeddingStoreBuilder;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
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

/** {@code foil encode}: corpus embeddings into an on-disk store, reusing what an earlier run encoded. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = {
      "Encode a BEIR corpus with a sentence encoder into an embedding store (float32 matrix + ids).",
      "A second run reuses every vector whose text and model are unchanged and encodes only the rest.",
      "Models: minilm, minilm-q, e5-small-q (built in, offline) or a directory with model.onnx + tokenizer.json."
    })
final class EncodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, paramLabel = "FILE|DIR", description = "corpus.jsonl, or a BEIR directory")
  Path corpus;

  @Option(names = "--model", defaultValue = "minilm", description = "encoder (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the embedding store to write or update")
  Path out;

  @Option(names = "--max-length", paramLabel = "N", description = "tokens per text (default: the model's, 256 for minilm)")
  Integer maxLength;

  @Option(names = "--batch-size", defaultValue = "8",
      description = "texts per forward pass; small batches of similar length are fastest on CPU (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    Path corpusFile = Files.isDirectory(corpus) ? corpus.resolve("corpus.jsonl") : corpus;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Encoder encoder = Encoders.open(model, maxLength, batchSize, options.threads)) {
      EmbeddingStoreBuilder.Report r = EmbeddingStoreBuilder.build(corpusFile, encoder, this.out,
          options.progress(), FoilCli.warnings(err));
      out.printf(Locale.ROOT,
          "encoded %,d of %,d texts with %s (maxLength %d, %d dims); %,d reused from the store (%.1f%% hit rate)%s; %.1f s%s%n",
          r.encoded(), r.documents(), encoder.name(), encoder.maxLength(), encoder.dimension(), r.reused(),
          100 * r.hitRate(), r.rewritten() ? " -> " + this.out : "; store unchanged",
          r.seconds(), r.encoded() > 0 ? String.format(Locale.ROOT, " (%.1f texts/s)", r.encoded() / r.seconds()) : "");
      out.flush();
    }
    return FoilCli.OK;
  }
}
