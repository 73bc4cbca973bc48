package dev.foil.recsys.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.foil.index.io.AtomicFile;
import dev.foil.recsys.model.ModelSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code OUT/metrics.json} of a recommender's training records: the data, the settings, the
 * run's speed and the last evaluation. Written and read only here, with snake_case field names.
 *
 * @param data the data summary line
 * @param metrics the last evaluation's metrics (e.g. {@code recall@20}), with its epoch and seconds
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecsysMetrics(String data, ModelSettings model, TrainSettings training, int steps, double seconds,
    double interactionsPerSecond, double secondsPerEpoch, int skippedSteps, int retriedSteps,
    Map<String, Double> metrics) {
  /** The file name in a training output directory. */
  public static final String FILE = "metrics.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Writes {@code dir/metrics.json} atomically. */
  public void write(Path dir) throws IOException {
    AtomicFile.writeText(dir.resolve(FILE), x -> x.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this)));
  }

  /** Reads {@code dir/metrics.json}. */
  public static RecsysMetrics read(Path dir) throws IOException {
    return JSON.readValue(dir.resolve(FILE).toFile(), RecsysMetrics.class);
  }
}
