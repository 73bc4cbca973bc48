package dev.foil.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a main class of the test class path in a child JVM, for settings a process reads once (the OpenMP
 * wait policy): no {@code OMP_*} or {@code GOMP_*} variables but those given, and the fields of the last line
 * it printed back.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** The space-separated fields of {@code main}'s last output line; fails, with its output, unless it exits 0. */
  public static String[] lastLine(Class<?> main, List<String> jvmArgs, Map<String, String> env) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("OMP_") || k.startsWith("GOMP_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError(main.getSimpleName() + " exited with " + p.exitValue() + ":\n" + out);
    }
    return out.strip().lines().reduce((a, b) -> b).orElse("").split(" ");
  }
}
