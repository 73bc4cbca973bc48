package dev.foil.eval.experiment;

import dev.foil.index.data.QrelsReader;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A retrieval dataset with a validation split carved out of a training split: a seeded share of the
 * training split's judged queries moves to {@code qrels/validation.tsv}, the rest stays in the training
 * split, and no other split is carried over, so what runs on the derived dataset cannot see the test
 * queries' judgments. The corpus and queries are links to the original files.
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
    QrelsReader.read(qrels); // a malformed file fails here, naming its line
    List<String> lines = Files.readAllLines(qrels, StandardCharsets.UTF_8);
    String header = !lines.isEmpty() && lines.get(0).startsWith("query-id") ? lines.get(0) : null;
    Set<String> ids = new LinkedHashSet<>();
    for (String line : header == null ? lines : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        ids.add(line.split("\t", 2)[0]);
      }
    }
    List<String> order = new ArrayList<>(ids);
    Collections.shuffle(order, new Random(seed));
    if (order.size() < 2) {
      throw new IllegalArgumentException("sweep: " + qrels + " judges " + order.size()
          + " queries; a validation split needs at least 2");
    }
    int held = (int) Math.max(1, Math.min(order.size() - 1, Math.round(fraction * order.size())));
    Set<String> validation = new HashSet<>(order.subList(0, held));
    List<String> fit = new ArrayList<>();
    List<String> val = new ArrayList<>();
    if (header != null) {
      fit.add(header);
      val.add(header);
    }
    for (String line : header == null ? lines : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        (validation.contains(line.split("\t", 2)[0]) ? val : fit).add(line);
      }
    }
    StagingDirectory.deleteRecursively(out);
    Files.createDirectories(out.resolve("qrels"));
    try (Stream<Path> files = Files.list(dataset)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.createSymbolicLink(out.resolve(f.getFileName().toString()), f.toAbsolutePath());
      }
    }
    AtomicFile.writeText(out.resolve("qrels").resolve(split + ".tsv"), w -> w.write(String.join("\n", fit) + "\n"));
    AtomicFile.writeText(out.resolve("qrels").resolve(SPLIT + ".tsv"), w -> w.write(String.join("\n", val) + "\n"));
    return new Outcome(out, order.size() - held, held);
  }
}
