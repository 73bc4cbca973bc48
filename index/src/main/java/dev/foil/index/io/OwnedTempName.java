package dev.foil.index.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names of the hidden temporary files and directories Foil writes beside a target
 * ({@code .<target>.<tag>.<pid>.<random>}), carrying the id of the process that owns them, so that
 * debris left by a killed run (its process gone) is recognised and removed by the next run for the
 * same target, while another live run's temporaries are left alone.
 */
public final class OwnedTempName {
  private static final long PID = ProcessHandle.current().pid();

  private OwnedTempName() {}

  /** A fresh name for a temporary of {@code target} owned by this process. */
  public static Path next(Path target, String tag) {
    Path abs = target.toAbsolutePath().normalize();
    long r = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    return abs.resolveSibling(prefix(abs, tag) + PID + "." + Long.toString(r, 36));
  }

  /**
   * The temporaries of {@code target} with {@code tag} whose owning process is no longer running,
   * oldest naming first; temporaries of live processes (this one included) are not listed.
   */
  public static List<Path> stale(Path target, String tag) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    List<Path> out = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    String prefix = prefix(abs, tag);
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : s) {
        String rest = p.getFileName().toString().substring(prefix.length());
        int dot = rest.indexOf('.');
        long pid;
        try {
          pid = Long.parseLong(dot < 0 ? rest : rest.substring(0, dot));
        } catch (NumberFormatException e) {
          continue; // not one of ours
        }
        if (pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
          out.add(p);
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** Deletes the stale temporaries of {@code target} with {@code tag}; returns how many. */
  public static int cleanStale(Path target, String tag) throws IOException {
    List<Path> stale = stale(target, tag);
    for (Path p : stale) {
      StagingDirectory.deleteRecursively(p);
    }
    return stale.size();
  }

  private static String prefix(Path abs, String tag) {
    return "." + abs.getFileName() + "." + tag + ".";
  }
}
