package dev.foil.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.Sha256;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.index.source.SourceOptions;
import dev.foil.samplers.mining.MiningManifest;
import dev.foil.samplers.mining.MiningOptions;
import dev.foil.samplers.mining.MiningService;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.pipeline.MiningStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code foil mine} as a Spark job. The judged queries are split into contiguous partitions; each is
 * mined on an executor through the library's {@link MiningService.Session} (opened once per executor
 * JVM, from the same options) into its own part file, written atomically, so a retried task never
 * leaves a second or half file; the driver merges the partitions' counters into {@code manifest.json}.
 * Per-query seeds make the result independent of the partitioning: the parts, concatenated in
 * partition order, equal {@code foil mine}'s file byte for byte. The index, store and query files must
 * be at the same path on every executor (a shared file system).
 */
public final class SparkMining {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code --out}: a directory here. */
  public static final JobOption<Path> OUT = JobOption.required("out", Path.class, "DIR",
      "directory for the part files (part-00000.jsonl, ...) and manifest.json");
  /** {@code --partitions}. */
  public static final JobOption<Integer> PARTITIONS = JobOption.of("partitions", Integer.class, null,
      "query partitions, one part file each (default: the context's default parallelism)").label("N");
  /** {@code --threads}: per task. */
  public static final JobOption<Integer> THREADS = JobOption.of("threads", Integer.class, 1,
      "threads per task for retrieval and mining (give executors as many cores per task)").label("N");
  /** {@code --chunk}. */
  public static final JobOption<Integer> CHUNK = JobOption.of("chunk", Integer.class, 256,
      "queries retrieved together within a task");

  /** The options of {@code foil-spark mine}: those of {@code foil mine}, with an output directory. */
  public static final JobOptions OPTIONS = new JobOptions("foil-spark mine", MiningOptions.MINING,
      List.of(OUT, CHUNK, PARTITIONS, THREADS), SourceOptions.ALL);

  /** The name of the manifest in the output directory. */
  public static final String MANIFEST = "manifest.json";

  private SparkMining() {}

  /**
   * What the job did.
   *
   * @param manifest the written {@code manifest.json}, with the parts in order
   */
  public record Result(int queries, MiningManifest manifest, double seconds) {}

  /** What a task returns: its part, and its counters as JSON. */
  record PartResult(int partition, String file, int queries, long bytes, String sha256, String stats)
      implements Serializable {}

  /**
   * Runs the job on {@code sc}.
   *
   * @param args the options, as on the command line
   * @param warnings receives the driver's warnings (queries without positives, n beyond the pools)
   * @throws IllegalArgumentException for options or settings that cannot be mined
   */
  public static Result mine(JavaSparkContext sc, List<String> args, Consumer<String> warnings) throws IOException {
    long t0 = System.nanoTime();
    JobOptions.Values v = OPTIONS.parse(args);
    if (v.get(MiningOptions.POOL_CACHE) != null) {
      throw new IllegalArgumentException("--pool-cache: not on Spark (every executor would write the same cache)");
    }
    Path out = v.get(OUT).toAbsolutePath().normalize();
    // On the driver: the settings checked, the queries counted and the manifest's inputs described.
    MiningService.Job job = MiningOptions.job(v, out.resolve(MANIFEST));
    MiningSettings settings = MiningOptions.settings(v);
    int queries;
    MiningManifest described;
    String fingerprint;
    boolean planted;
    try (MiningService.Session s = MiningService.Session.open(job, settings, v.get(THREADS), warnings)) {
      queries = s.anchors().size();
      described = s.manifest();
      fingerprint = s.fingerprint();
      planted = s.planted();
    }
    clear(out);
    int partitions = Math.max(1, Math.min(queries, v.get(PARTITIONS) != null ? v.get(PARTITIONS)
        : sc.defaultParallelism()));
    List<int[]> ranges = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ranges.add(new int[] {(int) ((long) queries * p / partitions), (int) ((long) queries * (p + 1) / partitions)});
    }
    ArrayList<String> options = new ArrayList<>(args);
    String dir = out.toString();
    List<PartResult> done = new ArrayList<>(sc.parallelize(ranges, partitions)
        .mapPartitionsWithIndex((partition, it) -> mine(options, fingerprint, dir, partition, it), true)
        .collect());
    done.sort(Comparator.comparingInt(PartResult::partition));
    MiningStats total = new MiningStats();
    List<MiningManifest.Part> parts = new ArrayList<>();
    for (PartResult r : done) {
      total.merge(JSON.readValue(r.stats(), MiningStats.class));
      parts.add(new MiningManifest.Part(r.file(), r.queries(), r.bytes(), r.sha256()));
    }
    if (parts.size() != partitions || total.anchors != queries) {
      throw new IllegalStateException("the job returned " + parts.size() + " of " + partitions + " parts and "
          + total.anchors + " of " + queries + " queries");
    }
    MiningManifest manifest = described.finished(fingerprint, total, planted ? total.falseNegativeRate() : null)
        .withParts(parts);
    AtomicFile.writeBytes(out.resolve(MANIFEST), manifest::write);
    return new Result(queries, manifest, (System.nanoTime() - t0) / 1e9);
  }

  /** The parts of {@code m} in {@code dir}, concatenated in order: the training file they make. */
  static byte[] concatenation(Path dir, MiningManifest m) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (MiningManifest.Part p : m.parts()) {
      b.write(Files.readAllBytes(dir.resolve(p.file())));
    }
    return b.toByteArray();
  }

  /** The name of partition {@code p}'s part file. */
  public static String partName(int p) {
    return String.format(Locale.ROOT, "part-%05d.jsonl", p);
  }

  /** Runs on an executor: mines the partition's range into its part file. */
  private static Iterator<PartResult> mine(List<String> options, String fingerprint, String dir, int partition,
      Iterator<int[]> ranges) throws IOException {
    MiningService.Session s = ExecutorSessions.get(options);
    if (!s.fingerprint().equals(fingerprint)) {
      throw new IllegalStateException("this executor sees other inputs than the driver (is every path on a shared "
          + "file system, with the same files?)");
    }
    JobOptions.Values v = OPTIONS.parse(options);
    List<PartResult> out = new ArrayList<>();
    while (ranges.hasNext()) {
      int[] r = ranges.next();
      String name = partName(partition);
      Path part = Path.of(dir).resolve(name);
      MiningStats stats = s.mine(r[0], r[1], part, v.get(CHUNK), v.get(THREADS));
      out.add(new PartResult(partition, name, r[1] - r[0], Files.size(part), Sha256.of(part),
          JSON.writeValueAsString(stats)));
    }
    return out.iterator();
  }

  /**
   * Makes {@code out} an empty directory for this run: a new one, or one an earlier run of this job
   * wrote (its part files and manifest are removed). Anything else is refused and left as it is.
   */
  private static void clear(Path out) throws IOException {
    Files.createDirectories(out);
    List<Path> entries;
    try (Stream<Path> s = Files.list(out)) {
      entries = s.toList();
    }
    for (Path e : entries) {
      String n = e.getFileName().toString();
      if (!(n.equals(MANIFEST) || n.matches("part-\\d{5}\\.jsonl") || n.startsWith(".part-"))) {
        throw new IllegalArgumentException(out + ": holds " + n + ", which this job did not write; give an empty"
            + " or new directory");
      }
    }
    for (Path e : entries) {
      Files.delete(e);
    }
  }
}
