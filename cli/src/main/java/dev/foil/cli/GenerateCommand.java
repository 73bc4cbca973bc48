package dev.foil.cli;

import dev.foil.index.synthetic.SyntheticCollection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
      description = "queries per topic (default: ${DEFAULT-VALUE})")
  int queriesPerTopic;

  @Option(names = "--docs-per-topic", paramLabel = "N",
      description = "documents per topic before near-duplicates, at least 4× the queries (default: 10× the queries);"
          + " with --topics it sets the corpus size independently of the query count")
  Integer docsPerTopic;

  @Option(names = "--overwrite", description = "replace an existing directory")
  boolean overwrite;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws IOException {
    SyntheticCollection.Parameters p = SyntheticCollection.Parameters.sized(seed, topics, queriesPerTopic);
    if (docsPerTopic != null) {
      p = p.withDocsPerTopic(docsPerTopic);
    }
    SyntheticCollection.Summary s = SyntheticCollection.write(p, out, overwrite);
    spec.commandLine().getOut().println(s.describe(seed) + " -> " + out);
    spec.commandLine().getOut().flush();
    return FoilCli.OK;
  }
}
