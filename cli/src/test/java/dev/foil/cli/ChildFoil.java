package dev.foil.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs {@code foil} in a child JVM (the test class path), so that tests can kill it with SIGKILL at a
 * chosen moment or run it under an operating-system limit, and lists what a run left behind.
 */
final class ChildFoil {
  /** Names that only an unfinished or killed run leaves: partial files, checkpoints, staging, temporaries. */
  static final Pattern DEBRIS = Pattern.compile(
      ".*\\.partial|.*\\.checkpoint\\.json|\\..*\\.(staging|old|tmp)\\.[A-Za-z0-9-]+\\.\\d+\\..*|checkpoint");

  private ChildFoil() {}

  /** What a finished child printed and returned. */
  record Result(int code, String output, double seconds) {}

  private static List<String> command(List<String> wrapper, String... args) {
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("--enable-native-access=ALL-UNNAMED"); // as bin/foil starts it
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FoilCli.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  static Process start(Path log, List<String> wrapper, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(wrapper, args)).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    return pb.start();
  }

  /** Runs to the end. */
  static Result run(Path log, String... args) throws Exception {
    return runWrapped(log, List.of(), args);
  }

  /** Runs to the end under {@code wrapper} (e.g. {@code bash -c 'ulimit …; exec "$@"' _}). */
  static Result runWrapped(Path log, List<String> wrapper, String... args) throws Exception {
    long t0 = System.nanoTime();
    Process p = start(log, wrapper, args);
    int code = p.waitFor();
    return new Result(code, Files.readString(log), (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Runs the command to a successful end and returns how long it wrote: the milliseconds from the
   * moment {@code started} first held to its exit (the window in which kills are drawn).
   */
  static long writingMillis(Path log, BooleanSupplier started, String... args) throws Exception {
    Process p = start(log, List.of(), args);
    long began = -1;
    while (p.isAlive()) {
      if (began < 0 && started.getAsBoolean()) {
        began = System.nanoTime();
      }
      Thread.sleep(2);
    }
    long end = System.nanoTime();
    if (p.exitValue() != 0) {
      throw new AssertionError("the reference run failed (" + p.exitValue() + "): " + Files.readString(log));
    }
    return began < 0 ? 1 : Math.max(1, (end - began) / 1_000_000);
  }

  /**
   * Starts the command, waits until {@code started} holds (the command is writing), then kills it with
   * SIGKILL after a delay drawn from {@code rng} in [0, {@code windowMillis}).
   *
   * @return how the kill went, for the test's report
   */
  static String killAtRandomPoint(Path log, SplittableRandom rng, long windowMillis, BooleanSupplier started,
      String... args) throws Exception {
    Process p = start(log, List.of(), args);
    long t0 = System.nanoTime();
    while (!started.getAsBoolean() && p.isAlive()) {
      Thread.sleep(2);
      if (System.nanoTime() - t0 > 120_000_000_000L) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("the command never started writing: " + Files.readString(log));
      }
    }
    long delay = windowMillis <= 0 ? 0 : rng.nextLong(windowMillis);
    Thread.sleep(delay);
    boolean alive = p.isAlive();
    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
    int code = p.waitFor();
    if (!alive && code != 0) {
      throw new AssertionError("the command failed before it was killed (" + code + "): " + Files.readString(log));
    }
    return alive ? "killed " + delay + " ms after it began writing" : "finished before the kill at " + delay + " ms";
  }

  /** Every path under {@code root} (and beside it, for {@code siblingsOf}) whose name is debris. */
  static List<Path> debris(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> DEBRIS.matcher(p.getFileName().toString()).matches()).toList();
    }
  }

  static boolean anyNameStartsWith(Path dir, String prefix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
    } catch (IOException e) {
      return false;
    }
  }
}
