package dev.foil.rankers.biencoder;

import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.EncoderProvider;
import java.io.IOException;
import java.nio.file.Path;

/** Opens bi-encoders trained by Foil ({@code foil-model.json} of format {@value BiEncoderModel#FORMAT}). */
public final class MiniLmEncoderProvider implements EncoderProvider {
  @Override
  public boolean accepts(Path modelDir) {
    return BiEncoderModel.isModelDir(modelDir);
  }

  @Override
  public Encoder open(Path modelDir, Integer maxLength, int batchSize, int threads) throws IOException {
    if (maxLength != null) {
      throw new IllegalArgumentException("a trained model keeps the lengths it was trained with; drop --max-length");
    }
    return MiniLmEncoder.open(modelDir, batchSize, threads);
  }
}
