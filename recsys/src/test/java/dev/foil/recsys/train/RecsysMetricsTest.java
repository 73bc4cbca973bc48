package dev.foil.recsys.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.recsys.model.ModelSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.json is written and read back as the same record, in snake_case, with nested settings. */
class RecsysMetricsTest {
  @TempDir Path dir;

  @Test
  void writtenMetricsReadBackEqual() throws Exception {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("recall@20", 0.1234);
    m.put("ndcg@20", 0.0876);
    m.put("epoch", 3.0);
    RecsysMetrics written = new RecsysMetrics("toy: 3 users", ModelSettings.defaults("simplex"),
        new TrainSettings(3, 512, TrainSettings.LEARNING_RATE, TrainSettings.defaultNegatives("simplex"),
            TrainSettings.defaultSampler("simplex"), 7, 0), 42, 1.5, 1000.25, 0.5, 0, 1, m);
    written.write(dir);
    String json = Files.readString(dir.resolve(RecsysMetrics.FILE));
    assertTrue(json.contains("\"interactions_per_second\" : 1000.25") && json.contains("\"retried_steps\" : 1"), json);
    assertEquals(written, RecsysMetrics.read(dir));
  }

  @Test
  void eachModelHasOneDefaultSamplerAndNegativeCount() {
    assertEquals("large-ratio(shared=true)", TrainSettings.defaultSampler("simplex"));
    assertEquals(1000, TrainSettings.defaultNegatives("simplex"));
    assertEquals("nbpo", TrainSettings.defaultSampler("nbpo"));
    assertEquals(1, TrainSettings.defaultNegatives("mf-bpr"));
    assertEquals("uniform", TrainSettings.defaultSampler("bpo"));
  }
}
