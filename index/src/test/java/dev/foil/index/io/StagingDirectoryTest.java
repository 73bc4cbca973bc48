package dev.foil.index.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingDirectoryTest {
  private static final StagingDirectory.Kind KIND = new StagingDirectory.Kind("test-output", "test.json");
  private static final StagingDirectory.Kind OTHER = new StagingDirectory.Kind("other-output", null);

  @TempDir Path dir;

  private Path build(Path target, StagingDirectory.Kind kind, boolean overwrite, String content, Path... inputs)
      throws IOException {
    try (StagingDirectory s = StagingDirectory.create(target, kind, overwrite, inputs)) {
      Files.writeString(s.path().resolve("data.txt"), content);
      s.commit();
    }
    return target;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void overwriteReplacesOnlyAnOutputOfTheSameKind() throws Exception {
    Path out = build(dir.resolve("out"), KIND, false, "one");
    assertEquals("test-output\n", Files.readString(out.resolve(StagingDirectory.MARKER)));
    assertThrows(StagingDirectory.TargetExistsException.class, () -> build(out, KIND, false, "two"));
    build(out, KIND, true, "two");
    assertEquals("two", Files.readString(out.resolve("data.txt")));
    var e = assertThrows(StagingDirectory.TargetExistsException.class, () -> build(out, OTHER, true, "three"));
    assertTrue(e.getMessage().contains("is not a Foil other-output"), e.getMessage());
    assertEquals("two", Files.readString(out.resolve("data.txt")));
  }

  @Test
  void overwriteNeverDeletesADirectoryFoilDidNotWrite() throws Exception {
    Path user = Files.createDirectories(dir.resolve("user"));
    Files.writeString(user.resolve("important.txt"), "keep me");
    assertThrows(StagingDirectory.TargetExistsException.class, () -> build(user, KIND, true, "x"));
    assertEquals("keep me", Files.readString(user.resolve("important.txt")));
    assertEquals(List.of("important.txt"), Files.list(user).map(p -> p.getFileName().toString()).toList());
    assertEquals(List.of("user"), names(), "no staging left behind");
  }

  @Test
  void aPreMarkerOutputIsRecognisedByItsSignatureFile() throws Exception {
    Path legacy = Files.createDirectories(dir.resolve("legacy"));
    Files.writeString(legacy.resolve("test.json"), "{}");
    build(legacy, KIND, true, "new");
    assertEquals("new", Files.readString(legacy.resolve("data.txt")));
  }

  @Test
  void overwriteRefusesATargetThatHoldsAnInput() throws Exception {
    Path out = build(dir.resolve("out"), KIND, false, "one");
    Path input = Files.writeString(out.resolve("corpus.jsonl"), "{}");
    var e = assertThrows(StagingDirectory.TargetExistsException.class, () -> build(out, KIND, true, "two", input));
    assertTrue(e.getMessage().contains("holds the input"), e.getMessage());
    assertTrue(Files.exists(input));
    assertEquals("one", Files.readString(out.resolve("data.txt")));
  }

  @Test
  void stagingLeftByAKilledProcessIsRemovedAndALiveOnesOrAnotherHostsIsKept() throws Exception {
    Path target = dir.resolve("idx");
    Path dead = OwnedTempName.named(target, "staging", OwnedTempName.thisHost(), deadPid(), "abc");
    Files.createDirectories(dead.resolve("sub"));
    Files.writeString(dead.resolve("sub/segment"), "half");
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    Path alive = Files.createDirectories(OwnedTempName.named(target, "staging", OwnedTempName.thisHost(), live, "def"));
    // Another machine sharing the file system: its processes cannot be seen from here.
    Path remote = Files.createDirectories(OwnedTempName.named(target, "staging", "other-host", deadPid(), "ghi"));
    build(target, KIND, false, "x");
    assertFalse(Files.exists(dead), "a dead process's staging is debris");
    assertTrue(Files.exists(alive), "a running process's staging is its own");
    assertTrue(Files.exists(remote), "another host's staging is never judged from here");
  }

  @Test
  void anOldCopySetAsideByAKilledCommitIsPutBack() throws Exception {
    Path target = dir.resolve("store");
    Path old = OwnedTempName.named(target, "old", OwnedTempName.thisHost(), deadPid(), "xyz");
    Files.createDirectories(old);
    Files.writeString(old.resolve("data.txt"), "previous");
    Files.writeString(old.resolve(StagingDirectory.MARKER), "test-output\n");
    // The kill came after the old copy was moved aside and before the new one took its place.
    assertThrows(StagingDirectory.TargetExistsException.class, () -> build(target, KIND, false, "new"));
    assertEquals("previous", Files.readString(target.resolve("data.txt")), "the previous output is intact");
    assertEquals(List.of("store"), names());
  }

  @Test
  void atomicFileRemovesTemporariesOfKilledWriters() throws Exception {
    Path target = dir.resolve("checkpoint.json");
    Path stale = Files.writeString(OwnedTempName.named(target, "tmp", OwnedTempName.thisHost(), deadPid(), "q1"), "half");
    AtomicFile.writeText(target, w -> w.write("{}"));
    assertFalse(Files.exists(stale));
    assertEquals(List.of("checkpoint.json"), names());
  }
}
