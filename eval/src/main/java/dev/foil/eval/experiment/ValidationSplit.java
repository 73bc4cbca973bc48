package dev.foil.eval.experiment;

import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A retrieval dataset with a validation split carved out of a training split: a seeded share of the
 * training split's judged queries moves to {@code qrels/validation.tsv}, the rest stays in the training
 * split (both written in BEIR's TSV layout, whichever layout the original had), and no other split is
 * carried over, so what runs on the derived dataset cannot see the test queries' judgments. The corpus
 * and queries are links to the original files.
 */
public final class ValidationSplit {
  /** The derived dataset's name for the held-out split. */
  public static final String SPLIT = "validation";

  private ValidationSplit() {}

  /** How the judged queries were divided. */
  public record Outcome(Path dataset, int trainingQueries, int validationQueries) {}

  /**
   * Writes the derived dataset into {@code out} (replacing what is there).
   *
   * @param split the training split of {@code dataset} to divide, e.g. {@code train}
   * @param fraction the share of its judged queries held out, in (0, 1)
   * @param seed fixes which queries
   */
  public static Outcome write(Path dataset, String split, double fraction, long seed, Path out) throws IOException {
    Path qrels = dataset.resolve("qrels").resolve(split + ".tsv");
    Qrels judged = QrelsReader.read(qrels); // either qrels layout; a malformed file fails here, naming its line
    List<String> order = new ArrayList<>(judged.queryIds());
    if (order.size() < 2) {
      throw new IllegalArgumentException("sweep: " + qrels + " judges " + order.size()
          + " queries; a validation split needs at least 2");
    }
    Collections.shuffle(order, new Random(seed));
    int held = (int) Math.max(1, Math.min(order.size() - 1, Math.round(fraction * order.size())));
    Set<String> validation = new HashSet<>(order.subList(0, held));
    StagingDirectory.deleteRecursively(out);
    Files.createDirectories(out.resolve("qrels"));
    try (Stream<Path> files = Files.list(dataset)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.createSymbolicLink(out.resolve(f.getFileName().toString()), f.toAbsolutePath());
      }
    }
    writeBeir(judged, q -> !validation.contains(q), out.resolve("qrels").resolve(split + ".tsv"));
    writeBeir(judged, validation::contains, out.resolve("qrels").resolve(SPLIT + ".tsv"));
    return new Outcome(out, order.size() - held, held);
  }

  /** The judgments of the queries {@code keep} accepts, in BEIR's TSV layout and the file's order. */
  private static void writeBeir(Qrels judged, Predicate<String> keep, Path file) throws IOException {
    AtomicFile.writeText(file, w -> {
      w.write("query-id\tcorpus-id\tscore\n");
      for (String q : judged.queryIds()) {
        if (keep.test(q)) {
          for (var j : judged.judgments(q).entrySet()) {
            w.write(q + "\t" + j.getKey() + "\t" + j.getValue() + "\n");
          }
        }
      }
    });
  }
}
