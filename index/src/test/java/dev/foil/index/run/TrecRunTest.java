package dev.foil.index.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.foil.index.CandidateList;
import dev.foil.index.DocIds;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class TrecRunTest {
  @TempDir Path dir;

  @Test
  void writesAndReadsBackExactScores() throws IOException {
    DocIds ids = DocIds.of("d0", "d1", "d2");
    float tiny = 1.2345e-7f;
    List<CandidateList> lists = List.of(
        new CandidateList("q1", new int[] {2, 0}, new float[] {6.598821f, 5.1574755f}),
        new CandidateList("q2", new int[] {1}, new float[] {tiny}));
    Path run = dir.resolve("run.trec");
    TrecRunWriter.write(run, lists, ids, "tag");
    assertEquals(List.of("q1 Q0 d2 1 6.598821 tag", "q1 Q0 d0 2 5.1574755 tag", "q2 Q0 d1 1 0.00000012345 tag"),
        Files.readAllLines(run));
    Run back = TrecRunReader.read(run);
    assertEquals(List.of("q1", "q2"), List.copyOf(back.queryIds()));
    assertEquals((double) 5.1574755f, back.ranking("q1").get(1).score(), 1e-7);
    assertEquals(tiny, (float) back.ranking("q2").get(0).score());
  }

  @Test
  void rejectsMalformedRuns() throws IOException {
    Path run = dir.resolve("bad.trec");
    Files.writeString(run, "q1 Q0 d1 1 1.0 t\nq1 Q0 d2 2 abc t\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> TrecRunReader.read(run));
    assertEquals(2, e.line());
    assertEquals("score", e.field());
    Files.writeString(run, "q1 Q0 d1 1 1.0 t\nq1 Q0 d1 2 0.5 t\n");
    assertEquals("doc-id", assertThrows(InputFormatException.class, () -> TrecRunReader.read(run)).field());
    Files.writeString(run, "q1 Q0 d1 1 1.0\n");
    assertEquals(1, assertThrows(InputFormatException.class, () -> TrecRunReader.read(run)).line());
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "-inf", "Infinity", "-Infinity", "1e400", "-1e400"})
  void rejectsScoresThatAreNotFinite(String score) throws IOException {
    Path run = dir.resolve("inf.trec");
    Files.writeString(run, "q1 Q0 d1 1 1.0 t\nq1 Q0 d2 2 " + score + " t\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> TrecRunReader.read(run));
    assertEquals(2, e.line());
    assertEquals("score", e.field());
  }

  @Test
  void failedWriteLeavesNeitherTargetNorTemporaryFile() throws IOException {
    Path target = dir.resolve("out.txt");
    assertThrows(IOException.class, () -> AtomicFile.writeText(target, w -> {
      w.write("partial");
      throw new IOException("disk full");
    }));
    assertFalse(Files.exists(target));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }
}
