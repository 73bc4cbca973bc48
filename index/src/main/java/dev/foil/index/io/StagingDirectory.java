package dev.foil.index.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * A directory built under a temporary name beside its target and renamed into place by
 * {@link #commit()}. Closing without committing deletes it, so a failed build leaves nothing behind.
 */
public final class StagingDirectory implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private boolean committed;

  private StagingDirectory(Path target, Path staging, boolean overwrite) {
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
  }

  /**
   * Starts building {@code target}.
   *
   * @param overwrite whether an existing non-empty {@code target} may be replaced at commit
   * @throws TargetExistsException if {@code target} exists, is not empty, and {@code overwrite} is
   *     false
   */
  public static StagingDirectory create(Path target, boolean overwrite) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (!overwrite && exists(abs)) {
      throw new TargetExistsException(target);
    }
    Files.createDirectories(abs.getParent());
    Path staging = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".");
    return new StagingDirectory(abs, staging, overwrite);
  }

  private static boolean exists(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return false;
    }
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isPresent();
    }
  }

  /** Where to write now. */
  public Path path() {
    return staging;
  }

  /** The final location. */
  public Path target() {
    return target;
  }

  /** Moves the finished directory into place, replacing an old one if allowed. */
  public void commit() throws IOException {
    if (Files.exists(target)) {
      if (!overwrite && exists(target)) {
        throw new TargetExistsException(target);
      }
      Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old.");
      Files.delete(old);
      Files.move(target, old);
      AtomicFile.move(staging, target);
      deleteRecursively(old);
    } else {
      AtomicFile.move(staging, target);
    }
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      deleteRecursively(staging);
    }
  }

  /** Deletes a file or a directory tree; missing paths are ignored. */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The target directory exists and is not empty, and replacing it was not allowed. */
  public static final class TargetExistsException extends IOException {
    public TargetExistsException(Path target) {
      super(target + ": already exists and is not empty (pass --overwrite to replace it)");
    }
  }
}
