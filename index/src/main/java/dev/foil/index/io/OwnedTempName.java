package dev.foil.index.io;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names of the hidden temporary files and directories Foil writes beside a target
 * ({@code .<target>.<tag>.<host>.<pid>.<random>}), carrying the host and process that own them, so that
 * debris left by a killed run (its process gone) is recognised and removed by the next run for the same
 * target on the same host. Temporaries of live processes, and of other hosts sharing the file system
 * (whose processes cannot be seen from here), are left alone.
 */
public final class OwnedTempName {
  private static final long PID = ProcessHandle.current().pid();
  private static final String HOST = host();

  private OwnedTempName() {}

  /** This host's name as a name part: letters, digits and '-' only. */
  private static String host() {
    String h;
    try {
      Path proc = Path.of("/proc/sys/kernel/hostname"); // Linux: fast, and a container's own name
      h = Files.isReadable(proc) ? Files.readString(proc, StandardCharsets.UTF_8).strip()
          : InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      h = "";
    }
    h = h.replaceAll("[^A-Za-z0-9-]", "-");
    h = h.length() > 40 ? h.substring(0, 40) : h;
    return h.isEmpty() ? "host" : h;
  }

  /** A fresh name for a temporary of {@code target} owned by this process. */
  public static Path next(Path target, String tag) {
    long r = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    return named(target, tag, HOST, PID, Long.toString(r, 36));
  }

  /** The name of a temporary of {@code target} owned by process {@code pid} on {@code host}. */
  static Path named(Path target, String tag, String host, long pid, String suffix) {
    Path abs = target.toAbsolutePath().normalize();
    return abs.resolveSibling(prefix(abs, tag) + host + "." + pid + "." + suffix);
  }

  /** This host, as it appears in names. */
  static String thisHost() {
    return HOST;
  }

  /**
   * The temporaries of {@code target} with {@code tag} owned by processes of this host that are no
   * longer running, in name order; those of live processes (this one included) and of other hosts are
   * not listed.
   */
  public static List<Path> stale(Path target, String tag) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    List<Path> out = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    String prefix = prefix(abs, tag) + HOST + ".";
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
