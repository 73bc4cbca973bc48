package dev.foil.index.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.DocIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueriesAndQrelsReaderTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void readsJsonlQueriesInFileOrder() throws IOException {
    Path p = file("queries.jsonl", "{\"_id\":\"2\",\"text\":\"b?\"}\n{\"_id\":\"1\",\"text\":\"a -x \\\"y\\\"\"}\n");
    assertEquals(List.of(new Query("2", "b?"), new Query("1", "a -x \"y\"")), QueriesReader.read(p));
  }

  @Test
  void readsTsvTopics() throws IOException {
    Path p = file("topics.tsv", "7\tfirst query\n8\tsecond\tpart\n");
    assertEquals(List.of(new Query("7", "first query"), new Query("8", "second\tpart")), QueriesReader.read(p));
  }

  @Test
  void duplicateQueryIdIsRejected() throws IOException {
    Path p = file("queries.jsonl", "{\"_id\":\"1\",\"text\":\"a\"}\n{\"_id\":\"1\",\"text\":\"b\"}\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> QueriesReader.read(p));
    assertEquals(2, e.line());
    assertEquals("_id", e.field());
  }

  @Test
  void readsBeirQrelsWithHeader() throws IOException {
    Path p = file("test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t0\nq2\td3\t2\n");
    Qrels q = QrelsReader.read(p);
    assertEquals(List.of("q1", "q2"), List.copyOf(q.queryIds()));
    assertEquals(Map.of("d1", 1, "d2", 0), q.judgments("q1"));
    assertEquals(1, q.relevantCount("q1"));
    assertTrue(q.isRelevant("q2", "d3"));
    assertFalse(q.isRelevant("q1", "d2"));
    assertEquals(3, q.size());
  }

  @Test
  void readsTrecQrels() throws IOException {
    Qrels q = QrelsReader.read(file("qrels.txt", "q1 0 d1 1\nq1 0 d2 -1\n"));
    assertEquals(Map.of("d1", 1, "d2", -1), q.judgments("q1"));
    assertEquals(1, q.relevantCount("q1"));
  }

  @Test
  void nonIntegerGradeNamesTheField() throws IOException {
    Path p = file("test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\thigh\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> QrelsReader.read(p));
    assertEquals(3, e.line());
    assertEquals("score", e.field());
  }

  @Test
  void repeatedJudgmentIsRejected() throws IOException {
    Path p = file("test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td1\t1\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> QrelsReader.read(p));
    assertEquals(3, e.line());
  }

  @Test
  void wrongColumnCountIsRejected() throws IOException {
    Path p = file("test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\n");
    assertEquals(2, assertThrows(InputFormatException.class, () -> QrelsReader.read(p)).line());
  }

  @Test
  void countsJudgmentsNamingUnknownIds() {
    Qrels q = Qrels.builder().add("q1", "d1", 1).add("q1", "zz", 1).add("q9", "d1", 1).add("q9", "d2", 0).build();
    Qrels.UnknownIds u = q.unknownIds(Set.of("q1"), DocIds.of("d1", "d2"));
    assertEquals(new Qrels.UnknownIds(1, 2, 1), u);
    assertFalse(u.none());
    assertTrue(q.unknownIds(Set.of("q1", "q9"), DocIds.of("d1", "d2", "zz")).none());
  }

  @Test
  void queryAndQrelsIdsWithWhitespaceOrControlCharactersAreRefusedWhereTheyAreRead() throws IOException {
    Path jsonl = file("q.jsonl", "{\"_id\":\"1\",\"text\":\"a\"}\n{\"_id\":\"q 2\",\"text\":\"b\"}\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> QueriesReader.read(jsonl));
    assertEquals(2, e.line());
    assertEquals("_id", e.field());
    Path tsv = file("topics.tsv", "7\tfirst\nq\u00018\tsecond\n");
    InputFormatException t = assertThrows(InputFormatException.class, () -> QueriesReader.read(tsv));
    assertEquals(2, t.line());
    assertEquals("id", t.field());
    Path qrels = file("bad.tsv", "query-id\tcorpus-id\tscore\nq1\td 1\t1\n");
    InputFormatException q = assertThrows(InputFormatException.class, () -> QrelsReader.read(qrels));
    assertEquals(2, q.line());
    assertEquals("corpus-id", q.field());
  }
}
