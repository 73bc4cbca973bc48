package dev.foil.index.dense;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens encoders that are not plain ONNX files, such as models Foil trained itself; found through
 * {@link java.util.ServiceLoader}, so that modules that train models can add theirs without this module
 * knowing them. {@link Encoders#open} asks every provider before falling back to {@link OnnxEncoder}.
 */
public interface EncoderProvider {

  /** Whether {@code modelDir} holds a model this provider opens. */
  boolean accepts(Path modelDir);

  /**
   * Opens the model in {@code modelDir}.
   *
   * @param maxLength tokens per text, or {@code null} for the model's own default
   */
  Encoder open(Path modelDir, Integer maxLength, int batchSize, int threads) throws IOException;
}
