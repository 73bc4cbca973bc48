package dev.foil.index.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.data.embedding.Embedding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The encoder reproduces langchain4j's own all-MiniLM-L6-v2 model. */
class OnnxEncoderTest {
  private static final List<String> TEXTS = List.of(
      "0-dimensional biomaterials show inductive properties.",
      "A deficiency of vitamin B12 increases blood levels of homocysteine.",
      "ALDH1 expression is associated with poorer prognosis for breast cancer primary tumors.",
      "hi",
      "Antimicrobial agents are less effective due to the pressure of antimicrobial usage, which has "
          + "led to the emergence of resistance in bacteria and fungi; surveillance of resistance rates "
          + "across hospitals shows wide variation, and stewardship programmes reduce inappropriate use.",
      "Ünïcödé — text with “quotes” and émojis 🙂 still encodes.");

  private static OnnxEncoder encoder;

  @BeforeAll
  static void open() throws Exception {
    encoder = new OnnxEncoder(EncoderModel.resolve("minilm"), 512, 4, 2);
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void vectorsEqualLangchain4jsModel() {
    float[] ours = encoder.encodePassages(TEXTS, ProgressListener.NONE);
    assertEquals(384, encoder.dimension());
    AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
    List<Embedding> theirs = reference.embedAll(TEXTS.stream().map(TextSegment::from).toList()).content();
    double maxDiff = 0;
    for (int i = 0; i < TEXTS.size(); i++) {
      float[] v = theirs.get(i).vector();
      for (int k = 0; k < 384; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(v[k] - ours[i * 384 + k]));
      }
    }
    assertTrue(maxDiff <= 1e-5, "max |difference| " + maxDiff);
  }

  @Test
  void batchesSideBySideGiveTheVectorsOfOneThreadInInputOrder() throws Exception {
    // 12 texts in batches of 4: two workers take them side by side, each on one core; a row written to
    // the wrong place, or a batch computed twice and another not at all, changes the vectors.
    List<String> texts = new ArrayList<>(TEXTS);
    for (String t : TEXTS) {
      texts.add(t + " " + t);
    }
    AtomicLong advanced = new AtomicLong();
    float[] sideBySide = encoder.encodePassages(texts, ProgressListener.onAdvance(advanced::addAndGet));
    assertEquals(texts.size(), advanced.get());
    try (OnnxEncoder oneThread = new OnnxEncoder(EncoderModel.resolve("minilm"), 512, 4, 1)) {
      assertArrayEquals(oneThread.encodePassages(texts, ProgressListener.NONE), sideBySide);
    }
  }

  @Test
  void aTextAloneGetsTheVectorItGetsAmongOthers() throws Exception {
    // Queries are encoded one per batch so that a query's vector never depends on its companions: alone
    // it runs on the multi-threaded session, among others side by side on the single-threaded one, and
    // the two must agree to the bit, or mined negatives would depend on how the queries were called.
    // A 512-token text gives the multi-threaded kernels rows enough to split between the threads.
    StringBuilder longText = new StringBuilder();
    for (int i = 0; i < 80; i++) {
      longText.append("Sentence ").append(i).append(" describes folate metabolism. ");
    }
    List<String> texts = new ArrayList<>(TEXTS);
    texts.add(longText.toString());
    try (OnnxEncoder oneByOne = new OnnxEncoder(EncoderModel.resolve("minilm"), 512, 1, 2)) {
      float[] together = oneByOne.encodeQueries(texts, ProgressListener.NONE);
      int d = oneByOne.dimension();
      for (int i = 0; i < texts.size(); i++) {
        float[] alone = oneByOne.encodeQueries(List.of(texts.get(i)), ProgressListener.NONE);
        assertArrayEquals(Arrays.copyOfRange(together, i * d, (i + 1) * d), alone, "text " + i);
      }
    }
  }

  @Test
  void passageTokensCountSpecialTokensAndStopAtTheTruncation() throws Exception {
    // "hi" is [CLS] hi [SEP]; a long passage is cut at the encoder's maximum length.
    assertEquals(3, encoder.passageTokens(List.of("hi")));
    StringBuilder longText = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      longText.append("Sentence ").append(i).append(" describes folate metabolism. ");
    }
    try (OnnxEncoder at128 = new OnnxEncoder(EncoderModel.resolve("minilm"), 128, 2, 1)) {
      assertEquals(128 + 3, at128.passageTokens(List.of(longText.toString(), "hi")));
      assertTrue(encoder.passageTokens(List.of(longText.toString())) > 128, "512 tokens reach further");
    }
  }

  @Test
  void longPassagesEqualLangchain4jsAtItsOwn128TokenTruncation() throws Exception {
    // langchain4j's tokenizer.json truncates at 128 tokens; at that length the vectors must agree.
    StringBuilder longText = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      longText.append("Sentence ").append(i).append(" describes homocysteine, folate and vitamin B12 metabolism. ");
    }
    List<String> texts = List.of(longText.toString(), TEXTS.get(4) + " " + TEXTS.get(4) + " " + TEXTS.get(4));
    try (OnnxEncoder at128 = new OnnxEncoder(EncoderModel.resolve("minilm"), 128, 2, 2)) {
      float[] ours = at128.encodePassages(texts, ProgressListener.NONE);
      List<Embedding> theirs =
          new AllMiniLmL6V2EmbeddingModel().embedAll(texts.stream().map(TextSegment::from).toList()).content();
      for (int i = 0; i < texts.size(); i++) {
        for (int k = 0; k < 384; k++) {
          assertEquals(theirs.get(i).vector()[k], ours[i * 384 + k], 1e-5, "text " + i + " dim " + k);
        }
      }
    }
  }

  @Test
  void batchingAndOrderDoNotChangeVectors() throws Exception {
    float[] batched = encoder.encodePassages(TEXTS, ProgressListener.NONE);
    try (OnnxEncoder single = new OnnxEncoder(EncoderModel.resolve("minilm"), 512, 1, 1)) {
      float[] one = single.encodePassages(List.of(TEXTS.get(4)), ProgressListener.NONE);
      for (int k = 0; k < 384; k++) {
        assertEquals(one[k], batched[4 * 384 + k], 1e-5);
      }
    }
    for (int i = 0; i < TEXTS.size(); i++) {
      double norm = 0;
      for (int k = 0; k < 384; k++) {
        norm += batched[i * 384 + k] * batched[i * 384 + k];
      }
      assertEquals(1.0, norm, 1e-5);
    }
  }

  @Test
  void quantisedMiniLmAgreesWithMiniLmAndE5UsesItsPrefixes() throws Exception {
    List<String> texts = List.of(TEXTS.get(1), TEXTS.get(2));
    float[] full = encoder.encodePassages(texts, ProgressListener.NONE);
    try (OnnxEncoder q = OnnxEncoder.open("minilm-q")) {
      float[] quantised = q.encodePassages(texts, ProgressListener.NONE);
      assertEquals(384, q.dimension());
      for (int i = 0; i < texts.size(); i++) {
        double cos = 0;
        for (int k = 0; k < 384; k++) {
          cos += full[i * 384 + k] * quantised[i * 384 + k];
        }
        assertTrue(cos > 0.95, "int8 MiniLM drifted: cosine " + cos);
      }
      assertTrue(!q.cacheKey().equals(encoder.cacheKey()));
    }
    try (OnnxEncoder e5 = OnnxEncoder.open("e5-small-q")) {
      assertEquals("passage: x", e5.passageInput("x"));
      assertEquals(384, e5.dimension());
      float[] v = e5.encodeQueries(List.of("vitamin B12 deficiency raises homocysteine", TEXTS.get(1), TEXTS.get(0)),
          ProgressListener.NONE);
      assertTrue(dot(v, 0, 1) > dot(v, 0, 2), dot(v, 0, 1) + " vs " + dot(v, 0, 2));
      float[] asPassage = e5.encodePassages(List.of(TEXTS.get(1)), ProgressListener.NONE);
      double same = 0;
      for (int k = 0; k < 384; k++) {
        same += asPassage[k] * v[384 + k];
      }
      assertTrue(same < 0.9999, "query and passage prefixes must give different vectors");
    }
  }

  @Test
  void relatedTextsAreCloserThanUnrelatedOnes() {
    float[] v = encoder.encodeQueries(List.of("vitamin B12 deficiency raises homocysteine",
        TEXTS.get(1), "the stock market fell sharply on Tuesday"), ProgressListener.NONE);
    assertTrue(dot(v, 0, 1) > dot(v, 0, 2) + 0.3, dot(v, 0, 1) + " vs " + dot(v, 0, 2));
  }

  private static double dot(float[] v, int a, int b) {
    double s = 0;
    for (int k = 0; k < 384; k++) {
      s += v[a * 384 + k] * v[b * 384 + k];
    }
    return s;
  }
}
