package dev.foil.eval.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.eval.experiment.Results;
import dev.foil.index.data.InputFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionTest {
  @TempDir Path dir;

  private Regression read(String expected) throws Exception {
    Path f = dir.resolve("r.yaml");
    Files.writeString(f, "experiment:\n  name: x\n  dataset: d\n  first_stage: [bm25]\nexpected:\n" + expected);
    return Regression.read(f);
  }

  private static Results results(double... ndcg) {
    List<Results.Cell> cells = new java.util.ArrayList<>();
    for (int i = 0; i < ndcg.length; i++) {
      cells.add(new Results.Cell((long) i, Map.of("ndcg@10", ndcg[i]), null, null));
    }
    return new Results("x", "retrieval", null, null, "d", "now", Map.of(), Map.of(), List.of("ndcg@10"),
        List.of(new Results.Row("sampler", "top-k", cells)), List.of(), null);
  }

  @Test
  void checksTheMeanOverSeedsAgainstTheTolerance() throws Exception {
    Regression r = read("  - {row: top-k, metric: ndcg@10, value: 0.5, tolerance: 0.01}\n"
        + "  - {row: top-k, metric: recall@100, value: 0.9, tolerance: 0.01}\n"
        + "  - {row: random, metric: ndcg@10, value: 0.4, tolerance: 0.01}\n");
    assertEquals(dir.resolve("d"), r.spec().dataset());
    List<Regression.Check> c = r.check(results(0.50, 0.52));
    assertTrue(c.get(0).passed(), "mean 0.51 is within 0.01 of 0.5");
    assertEquals(0.51, c.get(0).actual(), 1e-12);
    assertNull(c.get(1).actual(), "a metric the run lacks");
    assertFalse(c.get(1).passed());
    assertFalse(c.get(2).passed(), "a row the run lacks");
    assertFalse(r.check(results(0.52, 0.53)).get(0).passed(), "mean 0.525 drifts by 0.025");
  }

  @Test
  void badFilesNameTheField() {
    assertEquals("expected[0].tolerance", assertThrows(InputFormatException.class,
        () -> read("  - {row: a, metric: m, value: 1}\n")).field());
    assertEquals("expected[0].tolerance", assertThrows(InputFormatException.class,
        () -> read("  - {row: a, metric: m, value: 1, tolerance: -1}\n")).field());
    assertEquals("expected", assertThrows(InputFormatException.class, () -> read("  []\n")).field());
  }
}
