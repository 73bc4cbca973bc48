package dev.foil.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: one Master and {@code n} Workers, each a child JVM
 * started from the Maven jars on the test class path (no Spark download), stopped by pid, with logs to
 * print when a test fails (../shared/SPARK.md has the recipe).
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path home;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final int port;
  private final int webPort;

  private StandaloneCluster(Path home) throws IOException {
    this.home = home;
    this.port = freePort();
    this.webPort = freePort();
  }

  /**
   * Starts a Master and {@code workers} Workers of {@code cores} cores and {@code memory} each, and waits
   * until every Worker has registered.
   *
   * @param home becomes SPARK_HOME: the Spark jars linked under {@code jars/}, and the Workers' {@code work/}
   */
  static StandaloneCluster start(Path home, int workers, int cores, String memory) throws Exception {
    StandaloneCluster c = new StandaloneCluster(home);
    try {
      c.linkJars();
      c.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
          Integer.toString(c.port), "--webui-port", Integer.toString(c.webPort));
      for (int w = 0; w < workers; w++) {
        c.workers.add(c.launch("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
            "--cores", Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(freePort()),
            "--work-dir", home.resolve("work").toString(), c.masterUrl()));
      }
      c.awaitWorkers(workers, Duration.ofSeconds(90));
      return c;
    } catch (Exception | Error e) {
      c.printLogs();
      c.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  /** The executor JVMs the Workers have started, alive now. */
  List<ProcessHandle> executors() {
    return workers.stream().flatMap(Process::descendants).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
  }

  /** SPARK_HOME/jars: the third-party jars of the test class path; Foil's own classes are left out. */
  private void linkJars() throws IOException {
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (name.endsWith(".jar") && !name.startsWith("foil-") && Files.isRegularFile(p)
          && !Files.exists(jars.resolve(name))) {
        Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
      }
    }
    Files.writeString(home.resolve("RELEASE"), "Spark (Maven jars, for Foil's tests)\n");
  }

  private Process launch(String name, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", home.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    Path log = home.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    processes.add(p);
    logs.add(log);
    return p;
  }

  private void awaitWorkers(int n, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + timeout.toNanos();
    String body = "";
    while (System.nanoTime() < end) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process exited with " + p.exitValue());
        }
      }
      try {
        body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/json/")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (body.contains("\"aliveworkers\" : " + n) || body.replace(" ", "").contains("\"aliveworkers\":" + n)) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the Workers did not register within " + timeout + ": " + body);
  }

  /** Prints the Master's, the Workers' and every executor's log. */
  void printLogs() {
    List<Path> all = new ArrayList<>(logs);
    try (Stream<Path> s = Files.isDirectory(home.resolve("work")) ? Files.walk(home.resolve("work")) : Stream.empty()) {
      s.filter(p -> p.getFileName().toString().equals("stderr")).sorted().forEach(all::add);
    } catch (IOException e) {
      System.out.println("(could not list executor logs: " + e + ")");
    }
    for (Path log : all) {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        System.out.println("===== " + log + " (last 80 lines) =====");
        lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.out::println);
      } catch (IOException e) {
        System.out.println("===== " + log + ": unreadable (" + e + ")");
      }
    }
  }

  /** Stops every process this cluster started, by pid, Workers' executors included. */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : processes) {
      p.descendants().forEach(all::add);
      all.add(p.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
