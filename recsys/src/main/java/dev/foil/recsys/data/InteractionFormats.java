package dev.foil.recsys.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens interaction data by what the path holds: a directory with {@code train.txt} is a LightGCN
 * split, {@code u.data} (or a directory with it) is MovieLens, a {@code .csv} file is a CSV log.
 */
public final class InteractionFormats {
  private InteractionFormats() {}

  /**
   * @param threshold MovieLens rating threshold
   * @param split how MovieLens and CSV logs are split
   * @throws IllegalArgumentException when the path is none of the known layouts
   */
  public static InteractionData open(Path path, double threshold, Split split) throws IOException {
    if (Files.isDirectory(path) && Files.exists(path.resolve("train.txt"))) {
      return LightGcnReader.read(path);
    }
    if ((Files.isDirectory(path) && Files.exists(path.resolve("u.data")))
        || path.getFileName().toString().equals("u.data")) {
      return MovieLensReader.read(path, threshold, split);
    }
    if (path.getFileName().toString().endsWith(".csv") && Files.isRegularFile(path)) {
      return CsvReader.read(path, split);
    }
    throw new IllegalArgumentException(path + ": not interaction data (expected a directory with train.txt and "
        + "test.txt, a MovieLens u.data, or a .csv file of user,item[,timestamp])");
  }
}
