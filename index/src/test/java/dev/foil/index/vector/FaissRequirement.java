package dev.foil.index.vector;

import dev.foil.index.vector.faiss.FaissIndex;
import org.junit.jupiter.api.Assumptions;

/**
 * FAISS tests run wherever the native binding was built, and must run in CI: there a missing binding
 * fails the test instead of skipping it.
 */
public final class FaissRequirement {
  private FaissRequirement() {}

  public static void require() {
    if (FaissIndex.available()) {
      return;
    }
    String why = "FAISS native binding not available: " + FaissIndex.unavailableReason();
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(why + " (CI installs libfaiss-dev and libopenblas-dev; the FAISS tests must run)");
    }
    System.out.println("SKIPPED: " + why);
    Assumptions.abort(why);
  }
}
