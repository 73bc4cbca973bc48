package dev.foil.index.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {
  @TempDir Path dir;

  private Path corpus(String... lines) throws IOException {
    Path p = dir.resolve("corpus.jsonl");
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  private static List<Document> readAll(Path p) throws IOException {
    List<Document> docs = new ArrayList<>();
    try (CorpusReader r = CorpusReader.open(p)) {
      Document d;
      while ((d = r.next()) != null) {
        docs.add(d);
      }
    }
    return docs;
  }

  private static InputFormatException failure(Path p) {
    return assertThrows(InputFormatException.class, () -> readAll(p));
  }

  @Test
  void readsFieldsIgnoresExtrasAndDefaultsMissingTitle() throws IOException {
    Path p = corpus(
        "{\"_id\":\"d1\",\"title\":\"T\",\"text\":\"hello: world?\",\"metadata\":{\"a\":[1,2]}}",
        "",
        "{\"text\":\"no title\",\"_id\":42}");
    List<Document> docs = readAll(p);
    assertEquals(List.of(new Document("d1", "T", "hello: world?"), new Document("42", "", "no title")), docs);
    assertEquals("T hello: world?", docs.get(0).contents());
  }

  @Test
  void brokenJsonNamesFileAndLine() throws IOException {
    Path p = corpus("{\"_id\":\"a\",\"text\":\"x\"}", "{\"_id\":\"b\",\"text\":\"x\"");
    InputFormatException e = failure(p);
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith(p + ":2: malformed JSON"), e.getMessage());
  }

  @Test
  void missingIdNamesTheField() throws IOException {
    InputFormatException e = failure(corpus("{\"_id\":\"a\",\"text\":\"x\"}", "{\"title\":\"t\",\"text\":\"x\"}"));
    assertEquals(2, e.line());
    assertEquals("_id", e.field());
    assertTrue(e.getMessage().endsWith(":2: field `_id`: missing"), e.getMessage());
  }

  @Test
  void duplicateIdNamesBothLines() throws IOException {
    InputFormatException e =
        failure(corpus("{\"_id\":\"a\",\"text\":\"x\"}", "{\"_id\":\"b\",\"text\":\"y\"}", "{\"_id\":\"a\",\"text\":\"z\"}"));
    assertEquals(3, e.line());
    assertEquals("_id", e.field());
    assertTrue(e.problem().contains("first on line 1"), e.problem());
  }

  @Test
  void nonStringFieldIsRejected() throws IOException {
    InputFormatException e = failure(corpus("{\"_id\":\"a\",\"text\":[\"x\"]}"));
    assertEquals("text", e.field());
    assertTrue(e.problem().contains("an array"), e.problem());
  }

  @Test
  void missingTextIsRejected() throws IOException {
    assertEquals("text", failure(corpus("{\"_id\":\"a\",\"title\":\"t\"}")).field());
  }

  @Test
  void trailingGarbageAndNonObjectsAreRejected() throws IOException {
    assertEquals(1, failure(corpus("{\"_id\":\"a\",\"text\":\"x\"} x")).line());
    assertEquals(1, failure(corpus("[1,2]")).line());
  }

  @Test
  void invalidUtf8NamesTheLine() throws IOException {
    Path p = dir.resolve("corpus.jsonl");
    byte[] good = "{\"_id\":\"a\",\"text\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'{', '"', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
    byte[] all = new byte[good.length + bad.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    Files.write(p, all);
    InputFormatException e = failure(p);
    assertEquals(2, e.line());
    assertTrue(e.problem().contains("UTF-8"), e.problem());
  }

  @Test
  void missingFileIsBadInput() {
    InputFormatException e = failure(dir.resolve("nope.jsonl"));
    assertTrue(e.getMessage().contains("no such file"));
  }

  @Test
  void hashCoversTheWholeFile() throws IOException {
    Path p = corpus("{\"_id\":\"a\",\"text\":\"x\"}");
    String h1;
    try (CorpusReader r = CorpusReader.open(p)) {
      while (r.next() != null) {}
      h1 = r.sha256();
    }
    Files.writeString(p, "{\"_id\":\"a\",\"text\":\"y\"}\n");
    try (CorpusReader r = CorpusReader.open(p)) {
      while (r.next() != null) {}
      assertTrue(!h1.equals(r.sha256()));
      assertNull(r.next());
    }
  }

  @ParameterizedTest(name = "id with {1} is refused")
  @CsvSource(delimiter = '|', value = {
    "a\\nb|a newline", "a\\tb|a tab", "a b|a space", "a\\rb|a carriage return", "a\\u0000b|U+0000",
    "a\\u00a0b|U+00A0"})
  void idsThatWouldBreakIdTablesAndRunFilesAreRefused(String jsonId, String what) throws IOException {
    Path p = corpus("{\"_id\":\"ok\",\"text\":\"t\"}", "{\"_id\":\"" + jsonId + "\",\"text\":\"t\"}");
    InputFormatException e = failure(p);
    assertEquals(2, e.line());
    assertEquals("_id", e.field());
    assertTrue(e.problem().contains(what), e.problem());
  }
}
