package dev.foil.rankers.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The descriptor every trained model directory carries, {@code foil-model.json}: its {@code format}
 * names the kind of model, and models built on a pretrained encoder record it ({@code base}) with the
 * hash of its ONNX file ({@code baseSha256}), so that a changed base is caught before it is used.
 */
public final class ModelDirectory {
  /** The descriptor's file name. */
  public static final String DESCRIPTOR = "foil-model.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelDirectory() {}

  /**
   * Starts saving a model into {@code dir}, which may also hold a training log and checkpoint: the
   * directory is created and its descriptor removed before any model file changes. The descriptor is
   * written last ({@link #finishSave}), so a save killed midway leaves a directory that {@link #read}
   * refuses, never new weights beside an old descriptor.
   */
  public static void beginSave(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(DESCRIPTOR));
  }

  /** Ends a save begun by {@link #beginSave}: writes the descriptor atomically. */
  public static void finishSave(Path dir, JsonNode descriptor) throws IOException {
    AtomicFile.writeText(dir.resolve(DESCRIPTOR), w -> w.write(descriptor.toPrettyString()));
  }

  /** Whether {@code dir} holds a descriptor of {@code format}. */
  public static boolean hasFormat(Path dir, String format) {
    try {
      return format.equals(JSON.readTree(dir.resolve(DESCRIPTOR).toFile()).path("format").asText());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads the descriptor of a directory of {@code format}.
   *
   * @throws InputFormatException naming the file when it is unreadable or of another format
   */
  public static JsonNode read(Path dir, String format) {
    Path conf = dir.resolve(DESCRIPTOR);
    JsonNode n;
    try {
      n = JSON.readTree(conf.toFile());
    } catch (IOException e) {
      throw new InputFormatException(conf, 0, null, "unreadable model descriptor: " + e.getMessage());
    }
    if (!format.equals(n.path("format").asText())) {
      throw new InputFormatException(conf, 0, "format", "expected \"" + format + "\", found \""
          + n.path("format").asText() + "\"");
    }
    return n;
  }

  /**
   * The pretrained base a descriptor names, checked against the hash recorded at training time.
   *
   * @throws InputFormatException if the base's ONNX file changed since
   */
  public static EncoderModel base(Path dir, JsonNode descriptor) throws IOException {
    EncoderModel base = EncoderModel.resolve(descriptor.path("base").asText());
    if (!descriptor.path("baseSha256").asText().equals(base.sha256())) {
      throw new InputFormatException(dir.resolve(DESCRIPTOR), 0, "baseSha256",
          "the base model " + base.source() + " has changed since training (sha256 " + base.sha256() + ")");
    }
    return base;
  }
}
