package dev.foil.recsys.model;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.StagingDirectory;
import dev.foil.samplers.items.UserItems;
import dev.foil.train.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes, saves and opens recommendation models. A saved model is a directory with
 * {@code recsys-model.json} (settings, users, items, the training data's hash) and
 * {@code weights.params}; SimpleX also needs the training interactions it was trained on (its users'
 * histories), which {@link #open} checks by hash.
 */
public final class RecModels {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The descriptor's file name. */
  public static final String DESCRIPTOR = "recsys-model.json";

  /** The kind of output directory a saved model is (its descriptor is the pre-marker signature). */
  public static final StagingDirectory.Kind KIND = new StagingDirectory.Kind("recsys-model", DESCRIPTOR);

  private RecModels() {}

  /** A freshly initialised model of {@code settings.kind()} for {@code train}. */
  public static RecModel create(NDManager manager, ModelSettings settings, UserItems train) {
    Devices.seed(settings.seed()); // the one seeding of the engine before the weights are drawn
    return settings.kind().equals("simplex")
        ? new SimpleX(manager, settings, train)
        : new MatrixFactorization(manager, settings, train.numUsers(), train.numItems());
  }

  /** Saves {@code model} into {@code dir} (created), each file written atomically. */
  public static void save(RecModel model, Path dir, String dataHash) throws IOException {
    // Staged and renamed whole: a kill never leaves new weights beside an old descriptor.
    try (StagingDirectory staging = StagingDirectory.create(dir, KIND, true)) {
      model.saveWeights(staging.path().resolve("weights.params"));
      ObjectNode n = JSON.valueToTree(model.settings());
      n.put("numUsers", model.numUsers()).put("numItems", model.numItems()).put("data", dataHash);
      AtomicFile.writeText(staging.path().resolve(DESCRIPTOR), w -> w.write(n.toPrettyString()));
      staging.commit();
    }
  }

  /**
   * Opens a model {@link #save} wrote.
   *
   * @throws IllegalArgumentException when {@code dir} holds no model or {@code train} is not the data
   *     it was trained on
   */
  public static RecModel open(NDManager manager, Path dir, UserItems train, String dataHash) throws IOException {
    Path descriptor = dir.resolve(DESCRIPTOR);
    if (!Files.isRegularFile(descriptor)) {
      throw new IllegalArgumentException(dir + ": not a recommendation model (no " + DESCRIPTOR + ")");
    }
    JsonNode n = JSON.readTree(descriptor.toFile());
    if (n.path("numUsers").asInt() != train.numUsers() || n.path("numItems").asInt() != train.numItems()
        || !n.path("data").asText().equals(dataHash)) {
      throw new IllegalArgumentException(dir + " was trained on other data (" + n.path("numUsers").asInt()
          + " users, " + n.path("numItems").asInt() + " items, hash " + n.path("data").asText() + ")");
    }
    ObjectNode fields = n.deepCopy();
    fields.remove(java.util.List.of("numUsers", "numItems", "data"));
    ModelSettings settings = JSON.treeToValue(fields, ModelSettings.class);
    RecModel model = create(manager, settings, train);
    model.loadWeights(dir.resolve("weights.params"));
    return model;
  }
}
