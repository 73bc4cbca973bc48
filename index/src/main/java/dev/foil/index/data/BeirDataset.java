package dev.foil.index.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory in the BEIR layout: {@code corpus.jsonl}, {@code queries.jsonl} and
 * {@code qrels/<split>.tsv}.
 *
 * @param dir the dataset directory
 */
public record BeirDataset(Path dir) {

  /** The dataset at {@code dir}; fails with a clear message if the corpus or queries are missing. */
  public static BeirDataset at(Path dir) {
    BeirDataset d = new BeirDataset(dir);
    if (!Files.isDirectory(dir)) {
      throw new InputFormatException(dir, 0, null, "not a directory");
    }
    for (Path p : List.of(d.corpus(), d.queries())) {
      if (!Files.isRegularFile(p)) {
        throw new InputFormatException(p, 0, null, "missing (expected the BEIR layout)");
      }
    }
    return d;
  }

  public Path corpus() {
    return dir.resolve("corpus.jsonl");
  }

  public Path queries() {
    return dir.resolve("queries.jsonl");
  }

  public Path qrelsDir() {
    return dir.resolve("qrels");
  }

  /** The qrels file of {@code split}, such as {@code test}. */
  public Path qrels(String split) {
    return qrelsDir().resolve(split + ".tsv");
  }

  /** The splits that have a qrels file, sorted. */
  public List<String> splits() throws IOException {
    List<String> splits = new ArrayList<>();
    if (Files.isDirectory(qrelsDir())) {
      try (Stream<Path> files = Files.list(qrelsDir())) {
        files
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".tsv"))
            .map(n -> n.substring(0, n.length() - 4))
            .sorted()
            .forEach(splits::add);
      }
    }
    return splits;
  }
}
