package dev.foil.cli;

import dev.foil.index.synthetic.SyntheticCollection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code foil generate}: the synthetic BEIR collection with planted false negatives, on its own. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write a synthetic BEIR collection (corpus, queries, train/test qrels) whose planted false",
        "negatives (relevant but unjudged documents) are listed beside it; the quickstart's collection."})
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the collection directory to write")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--topics", defaultValue = "20", description = "default: ${DEFAULT-VALUE}")
  int topics;

  @Option(names = "--queries-per-topic", defaultValue = "10",
      description = "queries per topic; documents per topic are 10× this (default: ${DEFAULT-VALUE})")
  int queriesPerTopic;

  @Option(names = "--overwrite", description = "replace an existing directory")
  boolean overwrite;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws IOException {
    SyntheticCollection.Summary s = SyntheticCollection.write(
        SyntheticCollection.Parameters.sized(seed, topics, queriesPerTopic), out, overwrite);
    spec.commandLine().getOut().println(s.describe(seed) + " -> " + out);
    spec.commandLine().getOut().flush();
    return FoilCli.OK;
  }
}
