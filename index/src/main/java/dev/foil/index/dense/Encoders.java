package dev.foil.index.dense;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ServiceLoader;

/** Opens an encoder by built-in name or model directory, whichever {@link EncoderProvider} knows it. */
public final class Encoders {
  private Encoders() {}

  /**
   * Opens {@code nameOrDir}: a directory accepted by a provider on the class path, else a built-in name
   * or a directory of ONNX files.
   *
   * @param maxLength tokens per text, or {@code null} for the model's default
   */
  public static Encoder open(String nameOrDir, Integer maxLength, int batchSize, int threads) throws IOException {
    Path dir = Paths.get(nameOrDir);
    if (Files.isDirectory(dir)) {
      for (EncoderProvider p : ServiceLoader.load(EncoderProvider.class)) {
        if (p.accepts(dir)) {
          return p.open(dir, maxLength, batchSize, threads);
        }
      }
    }
    EncoderModel m = EncoderModel.resolve(nameOrDir);
    return new OnnxEncoder(m, maxLength == null ? m.defaultMaxLength() : maxLength, batchSize, threads);
  }
}
