package dev.foil.index.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file under a temporary name in the target's directory and renames it over the target
 * when the writer returns normally; on any failure the temporary file is deleted and the target is
 * untouched. A temporary left by a killed process is deleted by the next write of the same target.
 */
public final class AtomicFile {
  private static final String TMP = "tmp";

  private AtomicFile() {}

  /** Writes the body of a file. */
  @FunctionalInterface
  public interface Body<W> {
    void write(W out) throws IOException;
  }

  /** Writes UTF-8 text to {@code target} atomically. */
  public static void writeText(Path target, Body<BufferedWriter> body) throws IOException {
    writeBytes(
        target,
        os -> {
          BufferedWriter w =
              new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
          body.write(w);
          w.flush();
        });
  }

  /** Writes bytes to {@code target} atomically. */
  public static void writeBytes(Path target, Body<OutputStream> body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    OwnedTempName.cleanStale(abs, TMP);
    Path tmp = OwnedTempName.next(abs, TMP);
    boolean done = false;
    try {
      try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        body.write(os);
      }
      move(tmp, abs);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Renames {@code from} to {@code to}, atomically where the file system allows it. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
