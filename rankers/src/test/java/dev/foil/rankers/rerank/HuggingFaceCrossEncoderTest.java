package dev.foil.rankers.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.SourceSet;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.index.synthetic.SyntheticIndex;
import dev.foil.rankers.model.Tokenizer;
import dev.foil.samplers.format.TrainingFormat;
import dev.foil.samplers.mining.MiningService;
import dev.foil.samplers.mining.MiningSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hugging Face cross-encoder folder ({@code model.onnx} with a {@code logits} output, {@code tokenizer.json},
 * {@code config.json}) serves as reranker and as {@code --teacher}. The graph (written by
 * {@code scripts/make-test-cross-encoder.py}) computes a logit a test can compute by hand from the tokens:
 * the sum over unmasked positions of (id mod 97) / 97 + 0.5 · segment id.
 */
class HuggingFaceCrossEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path folder;
  static Path collection;

  @BeforeAll
  static void folderAndCollection() throws Exception {
    folder = huggingFaceFolder(dir.resolve("hf"));
    collection = dir.resolve("c");
    SyntheticIndex.write(collection, new SyntheticCollection.Parameters(4, 4, 32, 8, 0.5, 0.5, 0.1));
  }

  /** The test graph's files and MiniLM's tokenizer, laid out as a Hugging Face ONNX export. */
  static Path huggingFaceFolder(Path to) throws IOException {
    Files.createDirectories(to);
    for (String f : List.of("model.onnx", "config.json", "tokenizer_config.json")) {
      try (InputStream in = HuggingFaceCrossEncoderTest.class.getResourceAsStream("/hf-cross-encoder/" + f)) {
        Files.copy(in, to.resolve(f));
      }
    }
    Files.copy(EncoderModel.resolve("minilm").tokenizer(), to.resolve("tokenizer.json"));
    return to;
  }

  /** The logit by hand: the graph's formula over the pair's tokens at {@code maxLength}. */
  private static float[] byHand(List<String> queries, List<String> passages, int maxLength) throws IOException {
    try (Tokenizer tok = new Tokenizer(folder.resolve("tokenizer.json"), maxLength)) {
      Encoding[] enc = tok.encodePairs(queries, passages);
      float[] out = new float[enc.length];
      for (int i = 0; i < enc.length; i++) {
        double s = 0;
        for (int t = 0; t < enc[i].getIds().length; t++) {
          if (enc[i].getAttentionMask()[t] == 1) {
            s += (enc[i].getIds()[t] % 97) / 97.0 + 0.5 * enc[i].getTypeIds()[t];
          }
        }
        out[i] = (float) s;
      }
      return out;
    }
  }

  @Test
  void scoresAreTheGraphsLogitForEachPairAtTheFoldersLength() throws Exception {
    assertTrue(OnnxCrossEncoder.isModelDir(folder));
    assertEquals(64, OnnxCrossEncoder.maxLength(folder), "tokenizer_config.json's model_max_length");
    String long_ = "statins lower low density lipoprotein cholesterol ".repeat(30);
    List<String> queries = List.of("what lowers LDL?", "vitamin D and bone density", "what lowers LDL?", "a");
    List<String> passages = List.of("Statins reduce LDL cholesterol.", long_, "Unrelated text about birds.", "b c d");
    float[] expected = byHand(queries, passages, 64);
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.open(folder, 3, 1)) { // batches of 3: pairs cross a batch edge
      float[] got = ce.score(queries, passages);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], got[i], 1e-3f, "pair " + i);
      }
    }
    assertNotEquals(expected[1], byHand(queries, passages, 512)[1], 1e-3f, "the long pair is cut at 64 tokens");
    assertNotEquals(byHand(List.of("b c d"), List.of("a"), 64)[0], expected[3], 1e-3f, "query first, then passage");
  }

  @Test
  void aHuggingFaceFolderIsATeacherWhoseLogitsAreWritten() throws Exception {
    Path out = dir.resolve("teacher.jsonl");
    MiningService.Job job = MiningService.Job.of(collection.resolve("queries.jsonl"),
        collection.resolve("qrels/train.tsv"), SourceSet.of(Bm25Source.of(collection.resolve("index"))), out);
    MiningSettings s = MiningSettings.defaults().withSampler("top-k").withN(5).withFormat(TrainingFormat.BGE)
        .withTeacher("cross-encoder:" + folder);
    MiningService.mine(job, s, new MiningService.Execution(64, 2, false), ProgressListener.NONE, w -> {});
    List<String> lines = Files.readAllLines(out);
    assertFalse(lines.isEmpty());
    for (String line : lines) {
      JsonNode row = JSON.readTree(line);
      String q = row.get("query").asText();
      for (String[] f : new String[][] {{"pos", "pos_scores"}, {"neg", "neg_scores"}}) {
        List<String> texts = new ArrayList<>();
        row.get(f[0]).forEach(t -> texts.add(t.asText()));
        float[] expected = byHand(java.util.Collections.nCopies(texts.size(), q), texts, 64);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], row.get(f[1]).get(i).floatValue(), 1e-3f, q + " " + f[1] + " #" + i);
        }
      }
    }
  }

  @Test
  void aClassifierOfSeveralLabelsOrAFolderWithoutConfigIsNotACrossEncoder() throws Exception {
    Path multi = huggingFaceFolder(dir.resolve("nli"));
    Files.writeString(multi.resolve("config.json"), "{\"architectures\":[\"BertForSequenceClassification\"],\"num_labels\":3}");
    var e = assertThrows(IllegalArgumentException.class, () -> OnnxCrossEncoder.open(multi, 4, 1));
    assertTrue(e.getMessage().contains("a classifier of 3 labels"), e.getMessage());
    Path bare = huggingFaceFolder(dir.resolve("bare"));
    Files.delete(bare.resolve("config.json"));
    assertFalse(OnnxCrossEncoder.isModelDir(bare));
  }
}
