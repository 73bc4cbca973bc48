package dev.foil.rankers.model;

import ai.djl.ndarray.NDArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.OnnxEncoder;
import dev.foil.train.Devices;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniLmTest {
  private static final List<String> TEXTS = List.of(
      "Vitamin D deficiency is associated with an increased risk of tuberculosis.",
      "short",
      "The quick brown fox jumps over the lazy dog, and then it keeps running through the meadow until "
          + "it reaches the river bank where it stops to drink.",
      "BRCA1 mutations raise breast cancer risk",
      "");

  @Test
  void sentenceEmbeddingsEqualOnnxRuntimes(@TempDir Path dir) throws Exception {
    EncoderModel model = EncoderModel.resolve("minilm");
    int maxLength = 32; // the long text is truncated, so truncation is compared too
    float[] expected;
    try (OnnxEncoder onnx = new OnnxEncoder(model, maxLength, 8, 2)) {
      expected = onnx.encodePassages(TEXTS, ProgressListener.NONE);
    }
    try (MiniLm lm = MiniLm.fromOnnx(model.onnx(), 12, Devices.preferred());
        Tokenizer tok = new Tokenizer(model.tokenizer(), maxLength);
        NDManager m = lm.manager().newSubManager()) {
      assertEquals(6, lm.layers());
      assertEquals(384, lm.hidden());
      float[] actual = lm.sentenceEmbedding(tok.batch(m, TEXTS), 0.1f, false).toFloatArray();
      assertEquals(expected.length, actual.length);
      assertTrue(maxAbsDiff(expected, actual) <= 1e-4, "max abs diff " + maxAbsDiff(expected, actual));
      System.out.println("MiniLM in DJL vs OnnxRuntime: max abs diff of sentence embeddings " + maxAbsDiff(expected, actual));

      // Saved and reloaded weights give the same vectors.
      Path file = dir.resolve("w.params");
      lm.save(file);
      try (MiniLm back = MiniLm.load(file, 12, Devices.preferred()); NDManager m2 = back.manager().newSubManager()) {
        NDArray again = back.sentenceEmbedding(tok.batch(m2, TEXTS), 0f, false);
        assertEquals(0f, maxAbsDiff(actual, again.toFloatArray()));
      }
    }
  }

  static float maxAbsDiff(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
