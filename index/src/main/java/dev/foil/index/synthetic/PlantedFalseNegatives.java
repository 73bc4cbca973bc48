package dev.foil.index.synthetic;

import dev.foil.index.data.InputFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The relevant documents a synthetic collection deliberately left unjudged, read from its
 * {@value SyntheticCollection#PLANTED_FILE}: the ground truth that false-negative rates are measured
 * against.
 */
public final class PlantedFalseNegatives {
  /**
   * One planted false negative.
   *
   * @param queryId the query
   * @param docId the relevant but unjudged document
   * @param grade its true grade
   * @param reason {@code unjudged-relevant} or {@code near-duplicate}
   * @param split the split of the query
   */
  public record Entry(String queryId, String docId, int grade, String reason, String split) {}

  private PlantedFalseNegatives() {}

  /** Reads the planted false negatives of the collection in {@code collectionDir}. */
  public static List<Entry> read(Path collectionDir) throws IOException {
    return readFile(collectionDir.resolve(SyntheticCollection.PLANTED_FILE));
  }

  /** Reads a planted-false-negatives file. */
  public static List<Entry> readFile(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine(); // header
      long n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
          throw new InputFormatException(file, n, null, "expected 5 tab-separated columns, found " + f.length);
        }
        try {
          out.add(new Entry(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4]));
        } catch (NumberFormatException e) {
          throw new InputFormatException(file, n, "grade", "not an integer: \"" + f[2] + "\"");
        }
      }
    }
    return out;
  }

  /** Whether {@code collectionDir} is a synthetic collection with planted false negatives. */
  public static boolean present(Path collectionDir) {
    return Files.isRegularFile(collectionDir.resolve(SyntheticCollection.PLANTED_FILE));
  }
}
