package dev.foil.index.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory built under a temporary name beside its target and renamed into place by
 * {@link #commit()}. Closing without committing deletes it, so a failed build leaves nothing behind;
 * staging left by a killed run is removed by the next run for the same target.
 *
 * <p>Every committed directory carries a marker file ({@value #MARKER}) naming its {@link Kind}.
 * Replacing an existing directory is allowed only with {@code overwrite}, only when it carries the
 * marker of the same kind (or, for outputs written before markers, the kind's own signature file),
 * and never when one of the command's inputs lies inside it: {@code --overwrite} cannot delete data
 * that Foil did not write.
 */
public final class StagingDirectory implements AutoCloseable {
  /** The file that names the kind of a Foil output directory. */
  public static final String MARKER = ".foil-output";

  private static final String STAGING = "staging";
  private static final String OLD = "old";

  /**
   * A kind of output directory.
   *
   * @param name written into the marker, e.g. {@code bm25-index}
   * @param signature a file every output of this kind has held since before markers existed, which
   *     also identifies it; {@code null} when there is none
   */
  public record Kind(String name, String signature) {
    public Kind {
      if (name == null || !name.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException("illegal kind name: " + name);
      }
    }
  }

  private final Path target;
  private final Path staging;
  private final Kind kind;
  private final boolean overwrite;
  private boolean committed;

  private StagingDirectory(Path target, Path staging, Kind kind, boolean overwrite) {
    this.target = target;
    this.staging = staging;
    this.kind = kind;
    this.overwrite = overwrite;
  }

  /**
   * Starts building {@code target}, after removing what killed runs for it left behind.
   *
   * @param kind the kind of output; an existing target must be of the same kind to be replaced
   * @param overwrite whether an existing non-empty {@code target} may be replaced at commit
   * @param inputs the command's inputs; none may lie inside a target that would be replaced
   * @throws TargetExistsException if {@code target} exists, is not empty, and may not be replaced
   */
  public static StagingDirectory create(Path target, Kind kind, boolean overwrite, Path... inputs) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Files.createDirectories(abs.getParent());
    recover(abs);
    checkReplaceable(abs, kind, overwrite, List.of(inputs));
    Path staging = OwnedTempName.next(abs, STAGING);
    Files.createDirectory(staging);
    return new StagingDirectory(abs, staging, kind, overwrite);
  }

  /**
   * Deletes staging directories of dead processes; an old copy set aside by a commit that was killed
   * before the new directory took its place is put back. Readers that resume from a directory written
   * through this class (a checkpoint) call it before looking.
   */
  public static void recover(Path target) throws IOException {
    target = target.toAbsolutePath().normalize();
    OwnedTempName.cleanStale(target, STAGING);
    List<Path> old = OwnedTempName.stale(target, OLD);
    for (Path p : old) {
      if (!Files.exists(target)) {
        AtomicFile.move(p, target);
      } else {
        deleteRecursively(p);
      }
    }
  }

  private static void checkReplaceable(Path target, Kind kind, boolean overwrite, List<Path> inputs) throws IOException {
    if (!nonEmpty(target)) {
      return;
    }
    if (!overwrite) {
      throw new TargetExistsException(target);
    }
    if (!Files.isDirectory(target)) {
      throw new TargetExistsException(target, "is a file, not a " + kind.name() + " directory; refusing to replace it");
    }
    if (!isOfKind(target, kind)) {
      throw new TargetExistsException(target, "is not a Foil " + kind.name() + " (no " + MARKER
          + (kind.signature() == null ? "" : " or " + kind.signature()) + "); --overwrite replaces only Foil"
          + " output of the same kind, so this directory and its files are left as they are");
    }
    Path real = target.toRealPath();
    for (Path in : inputs) {
      if (in == null) {
        continue;
      }
      Path abs = in.toAbsolutePath().normalize();
      Path inReal = Files.exists(abs) ? abs.toRealPath() : abs;
      if (inReal.startsWith(real)) {
        throw new TargetExistsException(target, "holds the input " + in + "; --overwrite would delete it."
            + " Write the output elsewhere");
      }
    }
  }

  /** Whether {@code dir} is a Foil output of {@code kind}: its marker, or its kind's signature file. */
  public static boolean isOfKind(Path dir, Kind kind) throws IOException {
    Path marker = dir.resolve(MARKER);
    if (Files.isRegularFile(marker)) {
      return Files.readString(marker, StandardCharsets.UTF_8).strip().equals(kind.name());
    }
    return kind.signature() != null && Files.isRegularFile(dir.resolve(kind.signature()));
  }

  private static boolean nonEmpty(Path dir) throws IOException {
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

  /**
   * Writes the kind's marker and moves the finished directory into place, replacing an old one if
   * allowed (checked again: another process may have written the target meanwhile).
   */
  public void commit() throws IOException {
    Files.writeString(staging.resolve(MARKER), kind.name() + "\n", StandardCharsets.UTF_8);
    if (Files.exists(target)) {
      checkReplaceable(target, kind, overwrite, List.of());
      Path old = OwnedTempName.next(target, OLD);
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

  /** The target directory exists and may not be replaced. */
  public static final class TargetExistsException extends IOException {
    public TargetExistsException(Path target) {
      super(target + ": already exists and is not empty (pass --overwrite to replace it)");
    }

    public TargetExistsException(Path target, String why) {
      super(target + ": " + why);
    }
  }
}
