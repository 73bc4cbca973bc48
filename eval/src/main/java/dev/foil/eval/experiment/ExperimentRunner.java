package dev.foil.eval.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.FoilVersion;
import dev.foil.index.ProgressListener;
import dev.foil.index.ThreadBudget;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.Sha256;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs an experiment's grid of {@code foil} commands into a results directory and writes
 * {@code results.json}. Every step is cached in its directory under a fingerprint of its command line,
 * the dataset's file hashes and the identities of the steps it reads (the content hash of a step's
 * declared output, else its fingerprint), so a re-run only runs the steps whose inputs or settings
 * changed (an added sampler, another seed, new training options), and a step that re-runs but writes
 * the same bytes leaves the steps after it cached.
 */
public final class ExperimentRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Marker of a finished step, in its directory. */
  static final String STEP_FILE = "step.json";

  /**
   * @param threads {@code --threads} of every command, 0 for their default ({@link ThreadBudget#threads()})
   * @param fresh run every step again, ignoring the cache
   */
  public record Options(int threads, boolean fresh) {}

  /** The results, and how many steps ran and how many were taken from the cache. */
  public record Outcome(Results results, int ran, int cached) {}

  private ExperimentRunner() {}

  /**
   * Runs {@code spec} (read from {@code specFile}) into {@code resultsDir}, calling each step's service.
   *
   * @param progress one unit per step of the grid
   */
  public static Outcome run(ExperimentSpec spec, Path specFile, Path resultsDir, Options options,
      ProgressListener progress) throws Exception {
    return run(spec, specFile, resultsDir, StepExecutor.DIRECT, options, progress);
  }

  /**
   * Runs {@code spec} (read from {@code specFile}) into {@code resultsDir}.
   *
   * @param executor runs the steps' actions
   * @param progress one unit per step of the grid
   */
  public static Outcome run(ExperimentSpec spec, Path specFile, Path resultsDir, StepExecutor executor, Options options,
      ProgressListener progress) throws Exception {
    Path root = resultsDir.toAbsolutePath().normalize();
    refuseForeign(root);
    boolean created = !Files.exists(root);
    Files.createDirectories(root);
    try {
      return runIn(spec, specFile, root, executor, options, progress);
    } catch (Exception | Error e) {
      if (created && !holdsFinishedStep(root)) {
        // A first run that finished no step leaves nothing behind: the failing step's log was printed.
        StagingDirectory.deleteRecursively(root);
      }
      throw e;
    }
  }

  /**
   * Refuses a results directory that exists, holds something, and holds nothing a run wrote (its
   * results, steps or validation phase): the grid caches its steps there and would mix them with
   * files of the user's.
   */
  private static void refuseForeign(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (var entries = Files.list(root)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).toList();
      if (!names.isEmpty() && !names.contains(Results.FILE) && !names.contains("steps") && !names.contains(VALIDATION)) {
        throw new IllegalArgumentException(root + " is not empty and holds no earlier results: give a new or empty"
            + " results directory");
      }
    }
  }

  /** Whether a step under {@code root} finished (its {@value #STEP_FILE}), and so is worth keeping as cache. */
  private static boolean holdsFinishedStep(Path root) throws IOException {
    try (var files = Files.walk(root)) {
      return files.anyMatch(p -> p.getFileName().toString().equals(STEP_FILE));
    }
  }

  private static Outcome runIn(ExperimentSpec spec, Path specFile, Path root, StepExecutor executor, Options options,
      ProgressListener progress) throws Exception {
    List<Results.Choice> choices = null;
    int ranBefore = 0;
    int cachedBefore = 0;
    if (spec.sweep() != null) {
      Outcome validation = validationPhase(spec, specFile, root.resolve(VALIDATION), executor, options, progress);
      choices = choose(spec.sweep(), validation.results(), spec.samplers());
      ranBefore = validation.ran();
      cachedBefore = validation.cached();
      spec = spec.withChosen(choices.stream().filter(Results.Choice::chosen).map(Results.Choice::sampler).toList());
    }
    ExperimentPlan plan = ExperimentPlan.of(spec, root.resolve("steps"), options.threads());
    Map<String, String> inputs = spec.dataset() == null ? new LinkedHashMap<>() : datasetHashes(spec.dataset());
    Steps done = runSteps(plan, root, Sha256.of(String.join("\n", inputs.values())), executor, options, progress);
    if (spec.synthetic() != null) {
      inputs.putAll(datasetHashes(plan.dataset()));
    }
    String specHash = specFile == null ? null : Sha256.of(specFile);
    Results results = new Results(spec.name(), spec.task(), specFile == null ? null : specFile.toAbsolutePath().toString(),
        specHash, plan.dataset().toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), environment(),
        inputs, spec.eval().metrics(),
        new ResultsCollector(plan).rows(), done.records(), choices);
    results.write(root);
    return new Outcome(results, ranBefore + done.ran(), cachedBefore + done.cached());
  }

  /** Where a sweep's validation phase runs, inside the results directory. */
  static final String VALIDATION = "validation";

  /** Runs the sweep's candidates on the validation split: a grid of its own, cached like any other, in {@code dir}. */
  private static Outcome validationPhase(ExperimentSpec spec, Path specFile, Path dir, StepExecutor executor,
      Options options, ProgressListener progress) throws Exception {
    ExperimentSpec.Sweep sweep = spec.sweep();
    Path data = null;
    if (spec.task().equals(ExperimentSpec.RETRIEVAL)) {
      data = ValidationSplit.write(spec.dataset(), spec.mining().split(), sweep.fraction(), sweep.seed(),
          dir.resolve("data")).dataset();
    }
    return runIn(spec.validationPhase(data), specFile, dir, executor, options, progress);
  }

  /**
   * Each group's candidate with the best mean validation metric; ties go to the candidate listed first.
   *
   * @param samplers the fixed samplers, whose rows a variant's candidates are
   */
  static List<Results.Choice> choose(ExperimentSpec.Sweep sweep, Results v, List<String> samplers) {
    List<Results.Choice> out = new ArrayList<>();
    for (var group : sweep.groups().entrySet()) {
      List<String> candidates = group.getValue();
      // A variant's validation metric is its mean over the fixed samplers' rows.
      double[] means = candidates.stream().mapToDouble(c -> sweep.ofVariants()
          ? samplers.stream().mapToDouble(s -> v.row(ExperimentPlan.SAMPLER, ExperimentPlan.label(s, c))
              .mean(sweep.metric())).average().orElse(Double.NaN)
          : v.row(ExperimentPlan.SAMPLER, c).mean(sweep.metric())).toArray();
      int best = 0;
      for (int i = 1; i < means.length; i++) {
        best = means[i] > means[best] ? i : best;
      }
      for (int i = 0; i < means.length; i++) {
        out.add(new Results.Choice(group.getKey(), candidates.get(i), sweep.metric(), means[i], i == best));
      }
    }
    return out;
  }

  /** What running a plan's steps did. */
  record Steps(List<Results.StepRecord> records, int ran, int cached) {}

  /** Runs (or takes from the cache) every step of {@code plan}, in order. */
  static Steps runSteps(ExperimentPlan plan, Path root, String datasetHash, StepExecutor executor, Options options,
      ProgressListener progress) throws Exception {
    Map<String, String> identities = new LinkedHashMap<>();
    List<Results.StepRecord> records = new ArrayList<>();
    int ran = 0;
    int cached = 0;
    progress.start("experiment " + plan.spec().name(), plan.steps().size(), "steps");
    try {
      for (Step s : plan.steps()) {
        StringBuilder key = new StringBuilder(datasetHash);
        for (int i = 0; i < s.args().size(); i++) {
          if (s.args().get(i).equals("--threads")) {
            i++; // results do not depend on the thread count
            continue;
          }
          key.append('\n').append(s.args().get(i).replace(root.toString(), "$RESULTS"));
        }
        for (String a : s.after()) {
          key.append("\nafter ").append(identities.get(a));
        }
        String fp = Sha256.of(key.toString());
        Path marker = s.dir().resolve(STEP_FILE);
        JsonNode done = Files.isRegularFile(marker) ? JSON.readTree(marker.toFile()) : null;
        if (!options.fresh() && done != null && fp.equals(done.path("fingerprint").asText())) {
          records.add(new Results.StepRecord(s.id(), s.command(), done.path("seconds").asDouble(), true));
          identities.put(s.id(), done.path("identity").asText(fp));
          cached++;
        } else {
          progress.status(s.id());
          StagingDirectory.deleteRecursively(s.dir());
          Files.createDirectories(s.dir());
          long t0 = System.nanoTime();
          Path log = s.dir().resolve("step.log");
          call(s, log, executor, options.threads() > 0 ? options.threads() : ThreadBudget.threads());
          double seconds = (System.nanoTime() - t0) / 1e9;
          // What later steps are keyed on: the output's content when the step names one, else its fingerprint.
          String identity = s.output() == null ? fp : "sha256:" + Sha256.of(s.output());
          identities.put(s.id(), identity);
          ObjectNode m = JSON.createObjectNode().put("id", s.id()).put("fingerprint", fp).put("identity", identity)
              .put("command", s.command()).put("seconds", seconds)
              .put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
          AtomicFile.writeText(marker, w -> w.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m)));
          records.add(new Results.StepRecord(s.id(), s.command(), seconds, false));
          ran++;
        }
        progress.advance(1);
      }
    } finally {
      progress.finish();
    }
    return new Steps(records, ran, cached);
  }

  /**
   * Calls a step's service, writing to its log the equivalent command line, what the step did, its
   * warnings, and what libraries print to standard error meanwhile; a failure is written there too and
   * rethrown as a {@link StepFailedException}.
   */
  private static void call(Step s, Path log, StepExecutor executor, int threads) throws IOException {
    PrintStream stderr = System.err;
    try (OutputStream file = Files.newOutputStream(log);
        PrintStream stream = new PrintStream(file, true, StandardCharsets.UTF_8)) {
      stream.println("$ foil " + String.join(" ", s.args()));
      System.setErr(stream);
      try {
        executor.call(s.action(), threads, stream::println, warning -> stream.println("foil: warning: " + warning));
      } catch (Exception e) {
        stream.println("foil: " + e);
        stream.flush();
        throw new StepFailedException(s, e, tail(log));
      } finally {
        System.setErr(stderr);
      }
    }
  }

  /** A step that failed: its service threw; the exception is the {@link #getCause() cause}. */
  public static final class StepFailedException extends RuntimeException {
    StepFailedException(Step s, Exception cause, String logTail) {
      super("step " + s.id() + " failed: " + s.command() + "\n" + logTail, cause);
    }
  }

  /** SHA-256 of each data file directly in {@code dir} and in its {@code qrels/}, by path relative to it. */
  static Map<String, String> datasetHashes(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("dataset: " + dir + " is not a directory");
    }
    Map<String, String> out = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    for (Path d : List.of(dir, dir.resolve("qrels"))) {
      if (Files.isDirectory(d)) {
        try (Stream<Path> s = Files.list(d)) {
          s.filter(Files::isRegularFile).forEach(files::add);
        }
      }
    }
    files.sort(Comparator.comparing(p -> dir.relativize(p).toString()));
    for (Path f : files) {
      out.put(dir.relativize(f).toString(), Sha256.of(f));
    }
    return out;
  }

  private static Map<String, String> environment() {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("foil", FoilVersion.get());
    e.put("java", Runtime.version().toString());
    e.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    e.put("cores", Integer.toString(ThreadBudget.cores()));
    e.put("cpu", cpuModel());
    e.put("lucene", org.apache.lucene.util.Version.LATEST.toString());
    e.put("djl", ai.djl.engine.Engine.getDjlVersion());
    return e;
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
          .orElse("unknown");
    } catch (IOException | UncheckedIOException e) {
      return "unknown";
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
