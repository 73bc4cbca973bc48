package dev.foil.index.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime loads its libraries from Foil's cache, so a process leaves no {@code onnxruntime-java*}
 * folder in the temporary directory (checked in child JVMs with their own temporary directory and cache).
 */
class OnnxNativesTest {
  @TempDir Path tmp;

  @Test
  void aProcessLeavesNoFolderInTheTemporaryDirectoryAndTheCopyIsReused() throws Exception {
    Path temporary = Files.createDirectories(tmp.resolve("tmp"));
    Path cache = tmp.resolve("cache");
    String loadedFrom = run(temporary, cache);
    assertEquals(List.of(), leftovers(temporary));
    Path libraries = Path.of(loadedFrom);
    assertTrue(libraries.startsWith(cache.resolve("onnxruntime")), "loaded from " + loadedFrom);
    Path jni = libraries.resolve("libonnxruntime4j_jni.so");
    assertTrue(Files.isRegularFile(libraries.resolve("libonnxruntime.so")) && Files.isRegularFile(jni));

    FileTime copied = Files.getLastModifiedTime(jni);
    assertEquals(loadedFrom, run(temporary, cache));
    assertEquals(copied, Files.getLastModifiedTime(jni), "the second process reuses the copy");
    assertEquals(List.of(), leftovers(temporary));
  }

  @Test
  void aCacheThatCannotTakeTheLibrariesLeavesOnnxRuntimeToItsOwnCopy() throws Exception {
    Path temporary = Files.createDirectories(tmp.resolve("tmp"));
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Files.writeString(cache.resolve("onnxruntime"), "a file where the folder would go");
    // the encoder still loads and encodes (the probe exits 0); ONNX Runtime found its libraries itself
    assertEquals("null", run(temporary, cache));
  }

  private static String run(Path temporary, Path cache) throws Exception {
    return ChildJvm.lastLine(OnnxTempFolderProbe.class, List.of("-Djava.io.tmpdir=" + temporary),
        Map.of("FOIL_CACHE", cache.toString()))[0];
  }

  private static List<String> leftovers(Path temporary) throws Exception {
    try (Stream<Path> s = Files.list(temporary)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("onnxruntime-java")).toList();
    }
  }
}
