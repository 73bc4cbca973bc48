package dev.foil.index.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.InputFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder pools as it says: a sentence-transformers export whose Pooling module is CLS (as BGE's
 * is) gives the first token's normalised state, not the mean; its prompts become the query prefix.
 */
class ModelFolderPoolingTest {
  private static final String TEXT = "A deficiency of vitamin B12 increases blood levels of homocysteine.";
  private static final String INSTRUCTION = "Represent this sentence for searching relevant passages: ";

  @TempDir static Path dir;
  static EncoderModel minilm;
  static Path clsFolder;

  @BeforeAll
  static void folders() throws Exception {
    minilm = EncoderModel.resolve("minilm");
    clsFolder = folder("bge-like", "{\"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}");
    Files.writeString(clsFolder.resolve("config_sentence_transformers.json"),
        "{\"prompts\": {\"query\": \"" + INSTRUCTION + "\", \"document\": \"\"}}");
  }

  /** MiniLM's files laid out as a sentence-transformers export with {@code poolingConfig}. */
  private static Path folder(String name, String poolingConfig) throws Exception {
    Path f = Files.createDirectories(dir.resolve(name));
    Files.copy(minilm.onnx(), f.resolve("model.onnx"));
    Files.copy(minilm.tokenizer(), f.resolve("tokenizer.json"));
    Files.writeString(f.resolve("modules.json"), """
        [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
         {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
         {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
        """);
    Files.createDirectories(f.resolve("1_Pooling"));
    Files.writeString(f.resolve("1_Pooling/config.json"), poolingConfig);
    return f;
  }

  /** The first token's last hidden state, L2-normalised, straight from OnnxRuntime. */
  private static float[] clsByHand(String text) throws Exception {
    try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder().optTokenizerPath(minilm.tokenizer())
            .optMaxLength(256).optTruncation(true).optPadding(false).build();
        ZooModel<NDList, NDList> onnx = Criteria.builder().setTypes(NDList.class, NDList.class)
            .optModelPath(minilm.onnx()).optEngine("OnnxRuntime").build().loadModel();
        Predictor<NDList, NDList> p = onnx.newPredictor();
        NDManager m = NDManager.newBaseManager()) {
      Encoding e = tok.encode(text);
      Shape shape = new Shape(1, e.getIds().length);
      NDList in = new NDList(m.create(e.getIds(), shape), m.create(e.getAttentionMask(), shape),
          m.create(e.getTypeIds(), shape));
      in.get(0).setName("input_ids");
      in.get(1).setName("attention_mask");
      in.get(2).setName("token_type_ids");
      NDArray hidden = p.predict(in).get(0);
      float[] cls = hidden.get(0).get(0).toFloatArray();
      double norm = 0;
      for (float v : cls) {
        norm += v * v;
      }
      for (int k = 0; k < cls.length; k++) {
        cls[k] /= (float) Math.sqrt(norm);
      }
      return cls;
    }
  }

  @Test
  void aClsFolderGivesTheFirstTokensStateNotTheMean() throws Exception {
    EncoderModel model = EncoderModel.resolve(clsFolder.toString());
    assertEquals(Pooling.CLS, model.pooling());
    assertTrue(model.normalize());
    assertEquals(INSTRUCTION, model.queryPrefix());
    assertTrue(model.cacheKey(256).contains(":pooling=cls:norm=l2"), model.cacheKey(256));
    try (OnnxEncoder cls = new OnnxEncoder(model, 256, 4, 2);
        OnnxEncoder mean = new OnnxEncoder(minilm, 256, 4, 2)) {
      float[] v = cls.encodePassages(List.of(TEXT, "hi", TEXT + " " + TEXT), ProgressListener.NONE);
      float[] first = java.util.Arrays.copyOf(v, 384);
      assertArrayEquals(clsByHand(TEXT), first, 1e-5f, "padded in a batch or not, the CLS state");
      float[] m = mean.encodePassages(List.of(TEXT), ProgressListener.NONE);
      double dot = 0;
      for (int k = 0; k < 384; k++) {
        dot += m[k] * first[k];
      }
      assertTrue(dot < 0.95, "mean and CLS vectors differ: cosine " + dot);
      assertArrayEquals(cls.encodePassages(List.of(INSTRUCTION + "which vitamin?"), ProgressListener.NONE),
          cls.encodeQueries(List.of("which vitamin?"), ProgressListener.NONE), 1e-6f, "the query prompt is prepended");
    }
  }

  @Test
  void foilModelJsonOverridesAndUnsupportedPoolingIsNamed() throws Exception {
    Path f = folder("overridden", "{\"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}");
    Files.writeString(f.resolve("foil-model.json"), "{\"pooling\": \"mean\", \"normalize\": false}");
    EncoderModel model = EncoderModel.resolve(f.toString());
    assertEquals(Pooling.MEAN, model.pooling());
    assertTrue(!model.normalize() && model.cacheKey(256).contains(":pooling=mean:norm=none"));
    Path max = folder("max", "{\"pooling_mode_max_tokens\": true}");
    InputFormatException e = assertThrows(InputFormatException.class, () -> EncoderModel.resolve(max.toString()));
    assertTrue(e.getMessage().contains("1_Pooling") && e.getMessage().contains("pooling_mode_max_tokens"),
        e.getMessage());
  }

  @Test
  void poolingArithmetic() {
    // two rows of three tokens in two dimensions; the second row's last token is padding
    float[] h = {1, 0, 3, 4, 5, 6, /* row 2 */ 2, 2, 4, 0, 100, 100};
    long[] mask = {1, 1, 1, 1, 1, 0};
    float[][] mean = Pooling.MEAN.pool(h, mask, 2, 3, 2, false);
    assertArrayEquals(new float[] {3, 10 / 3f}, mean[0], 1e-6f);
    assertArrayEquals(new float[] {3, 1}, mean[1], 1e-6f, "padding is left out");
    float[][] cls = Pooling.CLS.pool(h, mask, 2, 3, 2, true);
    assertArrayEquals(new float[] {1, 0}, cls[0], 1e-6f);
    assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, cls[1], 1e-6f);
  }
}
