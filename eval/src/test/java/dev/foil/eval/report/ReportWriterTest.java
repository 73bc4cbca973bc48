package dev.foil.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.eval.experiment.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir Path dir;

  private static Results.Diagnostics diag(double fnr) {
    Results.Histogram h = Results.Histogram.of(new double[] {0.1, 0.2, 0.2, 0.9}, 0, 1, 4);
    return new Results.Diagnostics(fnr, 1, 10, 0.5, 0.3, 0, h, h, h);
  }

  private static Results results() {
    List<Results.Series> curve = List.of(new Results.Series("loss", "step", new double[] {1, 2, 3}, new double[] {2, 1.5, 1}),
        new Results.Series("ndcg_cut.10", "step", new double[] {0, 3}, new double[] {0.6, 0.7}));
    return new Results("demo", "retrieval", null, null, "d", "now", Map.of("java", "25"), Map.of("corpus.jsonl", "abc"),
        List.of("ndcg@10"), List.of(
            new Results.Row("first-stage", "bm25", List.of(new Results.Cell(null, Map.of("ndcg@10", 0.65), null, null))),
            new Results.Row("sampler", "top-k", List.of(
                new Results.Cell(1L, Map.of("ndcg@10", 0.70), diag(0.20), curve),
                new Results.Cell(2L, Map.of("ndcg@10", 0.72), diag(0.10), null))),
            new Results.Row("sampler", "random", List.of(
                new Results.Cell(1L, Map.of("ndcg@10", 0.68), diag(0.01), curve),
                new Results.Cell(2L, Map.of("ndcg@10", 0.69), diag(0.03), null)))),
        List.of(new Results.StepRecord("index", "bin/foil index --corpus d", 1.5, true)), null);
  }

  @Test
  void tablesShowMeanAndSdAndMarkTheBestOfEachColumn() {
    List<ReportWriter.Table> t = ReportWriter.tables(results());
    assertEquals(2, t.size());
    List<List<ReportWriter.Cell>> metrics = t.get(0).rows();
    assertEquals("0.6500", metrics.get(0).get(2).text());
    assertEquals("–", metrics.get(0).get(1).text(), "a first-stage run has no seeds");
    assertEquals("0.7100 ± 0.0141", metrics.get(1).get(2).text());
    assertTrue(metrics.get(1).get(2).best(), "highest nDCG");
    assertFalse(metrics.get(2).get(2).best());
    List<List<ReportWriter.Cell>> diagnostics = t.get(1).rows();
    assertEquals("false-negative rate", t.get(1).header().get(2));
    assertEquals("0.0200 ± 0.0141", diagnostics.get(1).get(2).text());
    assertTrue(diagnostics.get(1).get(2).best(), "lowest false-negative rate");
    assertFalse(diagnostics.get(0).get(2).best());
    assertFalse(diagnostics.get(0).get(3).best(), "no best for the mean gap");
  }

  @Test
  void writesBothFormatsWithChartsAndProvenance() throws Exception {
    results().write(dir);
    ReportWriter.write(dir);
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("| `top-k` | 2 | **0.7100 ± 0.0141** |"), md);
    assertTrue(md.contains("![Training loss (first seed)](charts/curve-loss.png)"), md);
    assertTrue(md.contains("bin/foil index --corpus d"));
    assertTrue(md.contains("`corpus.jsonl`: `abc`"));
    for (String chart : List.of("metric-ndcg-10.png", "false-negative-rate.png", "hardness.png", "score-gaps.png",
        "scores-top-k.png", "scores-random.png", "curve-loss.png", "curve-ndcg-cut.10.png")) {
      assertTrue(Files.size(dir.resolve("charts").resolve(chart)) > 1000, chart);
    }
    String html = Files.readString(dir.resolve("report.html"));
    assertEquals(8, html.split("data:image/png;base64,", -1).length - 1);
    assertTrue(html.contains("<td class=\"best\">0.7100 ± 0.0141</td>"), html.substring(0, 2000));
  }

  @Test
  void histogramsClampOutliersIntoTheEndBins() {
    Results.Histogram h = Results.Histogram.of(new double[] {-5, 0, 0.49, 0.5, 1, 7, Double.NaN}, 0, 1, 2);
    assertEquals(List.of(3L, 3L), java.util.Arrays.stream(h.counts()).boxed().toList());
    assertEquals(0.25, h.centre(0), 1e-12);
  }
}
