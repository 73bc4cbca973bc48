package dev.foil.samplers.mining;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.samplers.pipeline.MiningStats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code <out>.manifest.json} records beside a mined training file: the inputs (with content
 * hashes), the parameters, the fingerprint {@code --resume} checks, and the run's counters. Written
 * and read only here, as records, with snake_case field names.
 *
 * @param foilVersion the version that mined it ({@link dev.foil.index.FoilVersion})
 * @param fingerprint identifies inputs and parameters; {@code null} until the run has finished
 * @param counts the run's counters; {@code null} until the run has finished
 * @param falseNegativeRate planted false negatives among mined negatives, or {@code null} when none are known
 * @param parts the part files of a distributed run, in order (their concatenation is the training file),
 *     or {@code null} for a single file
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MiningManifest(String foilVersion, Inputs inputs, Parameters parameters, String fingerprint,
    MiningStats counts, Double falseNegativeRate, @JsonInclude(JsonInclude.Include.NON_NULL) List<Part> parts) {
  /** One part file of a distributed run: its name, the queries it holds, its size and SHA-256. */
  public record Part(String file, int queries, long bytes, String sha256) {}

  /** A manifest of a single file. */
  public MiningManifest(String foilVersion, Inputs inputs, Parameters parameters, String fingerprint,
      MiningStats counts, Double falseNegativeRate) {
    this(foilVersion, inputs, parameters, fingerprint, counts, falseNegativeRate, null);
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A file read, with its SHA-256. */
  public record FileInput(String path, String sha256) {}

  /** The BM25 index the texts came from. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record IndexInput(String path, String corpusSha256, String analysis) {}

  /** The embedding store, with its own manifest copied in. */
  public record StoreInput(String path, JsonNode manifest) {}

  /** The inputs; {@code embeddingStore} is absent when no store was given. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Inputs(FileInput queries, FileInput qrels, IndexInput bm25Index,
      @JsonInclude(JsonInclude.Include.NON_NULL) StoreInput embeddingStore,
      @JsonInclude(JsonInclude.Include.NON_NULL) FileInput candidates) {}

  /** The settings, as given (a {@code null} is a setting not used; {@code explain} appears only when true). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Parameters(String sampler, int n, long seed, String format, List<String> sources, String scoreSource,
      int depth, int rrfK, boolean removeTextDuplicates, String fnAdapter, String fnTeacher, Double fnTemperature,
      String cet, String backend, Double bm25K1, Double bm25B,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean explain,
      @JsonInclude(JsonInclude.Include.NON_NULL) String teacher,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean includeScores) {}

  /** This manifest once the run has finished. */
  public MiningManifest finished(String fingerprint, MiningStats counts, Double falseNegativeRate) {
    return new MiningManifest(foilVersion, inputs, parameters, fingerprint, counts, falseNegativeRate, parts);
  }

  /** This manifest describing the part files {@code parts}. */
  public MiningManifest withParts(List<Part> parts) {
    return new MiningManifest(foilVersion, inputs, parameters, fingerprint, counts, falseNegativeRate, List.copyOf(parts));
  }

  /** Reads a manifest file. */
  public static MiningManifest read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), MiningManifest.class);
  }

  /** The inputs and parameters as a JSON tree, without the outcome fields: what fingerprints hash. */
  ObjectNode describedInputs() {
    ObjectNode n = JSON.valueToTree(this);
    n.remove(List.of("fingerprint", "counts", "false_negative_rate", "parts"));
    return n;
  }

  public void write(OutputStream out) throws IOException {
    JSON.writeValue(out, this);
  }

  /** Reads the manifest of the training file {@code mined}, i.e. {@code <mined>.manifest.json}. */
  public static MiningManifest readFor(Path mined) throws IOException {
    return JSON.readValue(mined.resolveSibling(mined.getFileName() + ".manifest.json").toFile(), MiningManifest.class);
  }
}
