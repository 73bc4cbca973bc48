package dev.foil.cli;

import dev.foil.index.synthetic.SyntheticCollection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
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
    SyntheticCollection.Summary s = write(out, seed, topics, queriesPerTopic, overwrite);
    spec.commandLine().getOut().println(describe(s, seed) + " -> " + out);
    spec.commandLine().getOut().flush();
    return FoilCli.OK;
  }

  /** Writes the collection with the quickstart's proportions. */
  static SyntheticCollection.Summary write(Path dir, long seed, int topics, int queriesPerTopic, boolean overwrite)
      throws IOException {
    SyntheticCollection.Parameters d = SyntheticCollection.Parameters.defaults(seed);
    return SyntheticCollection.write(new SyntheticCollection.Parameters(seed, topics, 10 * queriesPerTopic,
        queriesPerTopic, d.testFraction(), d.judgedFraction(), d.nearDuplicateRate()), dir, overwrite);
  }

  static String describe(SyntheticCollection.Summary s, long seed) {
    return String.format(Locale.ROOT,
        "synthetic collection (seed %d): %,d documents (%d near-duplicates), %d train + %d test queries, "
            + "%,d judgments, %d planted false negatives", seed, s.documents(), s.nearDuplicates(),
        s.trainQueries(), s.testQueries(), s.judgments(), s.plantedFalseNegatives());
  }
}
