package dev.foil.index.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs appear whole or not at all, with the permissions any new file of the user's gets (the umask). */
class AtomicFileTest {
  @Test
  void anOutputGetsTheSamePermissionsAsAnyNewFile(@TempDir Path dir) throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    Path plain = Files.createFile(dir.resolve("plain"));
    Path written = dir.resolve("written");
    AtomicFile.writeText(written, w -> w.write("x"));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written),
        "a shared server's readers see Foil's outputs as they see the user's other files");
  }

  @Test
  void aFailedWriteLeavesTheTargetUntouchedAndNoTemporary(@TempDir Path dir) throws IOException {
    Path target = Files.writeString(dir.resolve("out.txt"), "before");
    assertThrows(IOException.class, () -> AtomicFile.writeText(target, w -> {
      w.write("half");
      throw new IOException("disk full");
    }));
    assertEquals("before", Files.readString(target));
    try (var files = Files.list(dir)) {
      assertFalse(files.anyMatch(p -> !p.equals(target)), "no temporary left behind");
    }
  }
}
