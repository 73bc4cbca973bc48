package dev.foil.index.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's real data (../shared/data beside the checkout). Tests that need it skip with a
 * visible message when it is absent, as on a fresh clone without the shared folder.
 */
public final class SharedData {
  private SharedData() {}

  /** The dataset directory, or the test is skipped with a message saying where it was looked for. */
  public static Path require(String dataset) {
    String prop = System.getProperty("foil.shared.data");
    Path base = prop != null ? Paths.get(prop) : Paths.get("..", "..", "shared", "data");
    Path dir = base.resolve(dataset).normalize();
    if (!Files.isDirectory(dir)) {
      String msg = "SKIPPED: real data not found at " + dir.toAbsolutePath()
          + " (clone beside ../shared to run this test)";
      System.out.println(msg);
      Assumptions.abort(msg);
    }
    return dir;
  }
}
