package dev.foil.samplers.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.foil.index.job.JobOptions;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.DenseSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declared mining options read into the service's job and settings. */
class MiningOptionsTest {
  private static JobOptions.Values values(Map<String, Object> given) {
    return MiningOptions.OPTIONS.values(given, "");
  }

  @Test
  void optionsNotGivenAreTheSettingsDefaults() {
    assertEquals(MiningSettings.defaults(), MiningOptions.settings(values(Map.of())),
        "foil mine and the embedded builder share one set of defaults");
  }

  @Test
  void theJobNamesQrelsBesideTheQueriesAndTheSourcesInTheOrderGiven() {
    MiningService.Job job = MiningOptions.job(values(Map.of("queries", "/d/queries.jsonl", "split", "train",
        "index", "/i", "dense", "/s", "sources", "dense,bm25", "hnsw-m", 8)), Path.of("/o"));
    assertEquals(Path.of("/d/qrels/train.tsv"), job.qrels());
    assertEquals(List.of("dense", "bm25"), job.sources().names());
    assertEquals(8, ((DenseSource) job.sources().specs().get(0)).hnswM());
    assertEquals(Bm25Source.of(Path.of("/i")), job.texts());
    assertNull(job.planted(), "no planted file beside /d/queries.jsonl");
  }

  @Test
  void settingsThatDoNotGoTogetherAreRefused() {
    assertEquals("--fn-adapter and --fn-teacher go together", assertThrows(IllegalArgumentException.class,
        () -> MiningOptions.settings(values(Map.of("fn-adapter", "fn-drop(0.5)")))).getMessage());
    assertEquals("positives come from qrels: give --split NAME or --qrels FILE", assertThrows(
        IllegalArgumentException.class, () -> MiningOptions.job(values(Map.of("queries", "/q.jsonl", "index", "/i")),
            Path.of("/o"))).getMessage());
    assertEquals("source dense needs --dense DIR", assertThrows(IllegalArgumentException.class,
        () -> MiningOptions.job(values(Map.of("queries", "/q.jsonl", "split", "train", "index", "/i", "sources",
            "bm25,dense")), Path.of("/o"))).getMessage());
  }
}
