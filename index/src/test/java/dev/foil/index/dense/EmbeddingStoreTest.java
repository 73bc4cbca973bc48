package dev.foil.index.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import dev.foil.index.data.InputFormatException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingStoreTest {
  @TempDir Path dir;

  /** A deterministic stand-in encoder that counts what it is asked to encode. */
  static final class CountingEncoder implements Encoder {
    final String key;
    int encoded;

    CountingEncoder(String key) {
      this.key = key;
    }

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public String source() {
      return "counting";
    }

    @Override
    public int dimension() {
      return 4;
    }

    @Override
    public int maxLength() {
      return 16;
    }

    @Override
    public String cacheKey() {
      return key;
    }

    @Override
    public String passageInput(String passage) {
      return "p: " + passage;
    }

    @Override
    public float[] encodeQueries(List<String> texts, ProgressListener progress) {
      return encodePassages(texts, progress);
    }

    @Override
    public float[] encodePassages(List<String> texts, ProgressListener progress) {
      encoded += texts.size();
      float[] out = new float[texts.size() * 4];
      for (int i = 0; i < texts.size(); i++) {
        int h = passageInput(texts.get(i)).hashCode();
        for (int k = 0; k < 4; k++) {
          out[i * 4 + k] = (h >> (8 * k)) & 0xFF;
        }
      }
      return out;
    }

    @Override
    public void close() {}
  }

  private Path corpus(String... idText) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < idText.length; i += 2) {
      lines.add("{\"_id\":\"" + idText[i] + "\",\"text\":\"" + idText[i + 1] + "\"}");
    }
    Path p = dir.resolve("corpus.jsonl");
    Files.write(p, lines);
    return p;
  }

  private EmbeddingStoreBuilder.Report build(Path corpus, Encoder e, List<String> warnings) throws IOException {
    return EmbeddingStoreBuilder.build(corpus, e, dir.resolve("store"), ProgressListener.NONE, warnings::add);
  }

  @Test
  void secondRunEncodesNothingAndEditsEncodeOnlyWhatChanged() throws IOException {
    CountingEncoder enc = new CountingEncoder("k1");
    List<String> warnings = new ArrayList<>();
    Path c = corpus("a", "alpha", "b", "beta", "c", "gamma");
    EmbeddingStoreBuilder.Report first = build(c, enc, warnings);
    assertEquals(3, first.encoded());
    assertEquals(0.0, first.hitRate());

    EmbeddingStoreBuilder.Report second = build(c, enc, warnings);
    assertEquals(0, second.encoded());
    assertEquals(1.0, second.hitRate());
    assertFalse(second.rewritten());
    assertEquals(3, enc.encoded);

    // Reordered, one edited, one added: only the edited and the new text are encoded.
    Path c2 = corpus("c", "gamma", "a", "ALPHA", "b", "beta", "d", "delta");
    EmbeddingStoreBuilder.Report third = build(c2, enc, warnings);
    assertEquals(2, third.encoded());
    assertEquals(2, third.reused());
    assertTrue(warnings.isEmpty(), warnings.toString());

    try (EmbeddingStore s = EmbeddingStore.open(dir.resolve("store"))) {
      assertEquals(List.of("c", "a", "b", "d"), s.docIds().asList());
      float[] row = new float[4];
      s.vector(3, row, 0);
      assertArrayEquals(enc.encodePassages(List.of("delta"), ProgressListener.NONE), row);
      s.vector(0, row, 0);
      assertArrayEquals(enc.encodePassages(List.of("gamma"), ProgressListener.NONE), row);
    }
  }

  @Test
  void anotherEncoderReencodesEverything() throws IOException {
    Path c = corpus("a", "alpha", "b", "beta");
    build(c, new CountingEncoder("k1"), new ArrayList<>());
    List<String> warnings = new ArrayList<>();
    EmbeddingStoreBuilder.Report r = build(c, new CountingEncoder("k2"), warnings);
    assertEquals(2, r.encoded());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("another encoder"), warnings.get(0));
  }

  @Test
  void corruptOrTruncatedStoresAreDetectedAndRebuilt() throws IOException {
    Path c = corpus("a", "alpha", "b", "beta");
    CountingEncoder enc = new CountingEncoder("k1");
    build(c, enc, new ArrayList<>());
    Path vectors = dir.resolve("store").resolve(EmbeddingStore.VECTORS);
    try (RandomAccessFile f = new RandomAccessFile(vectors.toFile(), "rw")) {
      f.seek(5);
      f.write(f.read() ^ 0x40);
    }
    EmbeddingStore.CorruptStoreException e =
        assertThrows(EmbeddingStore.CorruptStoreException.class, () -> EmbeddingStore.open(dir.resolve("store")));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    List<String> warnings = new ArrayList<>();
    assertEquals(2, build(c, enc, warnings).encoded());
    assertTrue(warnings.get(0).contains("checksum") && warnings.get(0).contains("rebuilding"), warnings.toString());

    try (RandomAccessFile f = new RandomAccessFile(vectors.toFile(), "rw")) {
      f.setLength(f.length() - 3);
    }
    warnings.clear();
    assertEquals(2, build(c, enc, warnings).encoded());
    assertTrue(warnings.get(0).contains("truncated"), warnings.toString());
    EmbeddingStore.open(dir.resolve("store")).close();
  }

  @Test
  void refusesToReplaceADirectoryThatIsNotAStore() throws IOException {
    Path out = dir.resolve("store");
    Files.createDirectories(out);
    Files.writeString(out.resolve("precious.txt"), "do not delete");
    Path c = corpus("a", "alpha");
    assertThrows(InputFormatException.class, () -> build(c, new CountingEncoder("k"), new ArrayList<>()));
    assertTrue(Files.exists(out.resolve("precious.txt")));
  }
}
