package dev.foil.spark;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStoreBuilder;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import dev.foil.index.dense.StoreShards;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code foil encode} as a Spark job: the corpus is cut into contiguous shards, each encoded on an
 * executor (one encoder per executor JVM) into its own embedding store under {@code OUT/shards/}; a
 * re-run reuses every vector the previous shards hold for the same text, wherever it was, and encodes
 * only new or changed passages. The driver lists the shards in {@code OUT/shards.json} and concatenates
 * them into {@code OUT/store}, an ordinary store that {@code foil mine --dense} and the mining job read.
 */
public final class SparkEncoding {
  public static final JobOption<Path> CORPUS = JobOption.required("corpus", Path.class, "FILE|DIR",
      "corpus.jsonl or a BEIR directory");
  public static final JobOption<String> MODEL = JobOption.of("model", String.class, "minilm",
      "encoder: minilm, minilm-q, e5-small-q or a model directory");
  public static final JobOption<Integer> MAX_LENGTH = JobOption.of("max-length", Integer.class, null,
      "tokens per passage (default: the model's)").label("N");
  public static final JobOption<Integer> BATCH_SIZE = JobOption.of("batch-size", Integer.class, 8,
      "passages per forward pass");
  public static final JobOption<Integer> SHARDS = JobOption.of("shards", Integer.class, null,
      "corpus shards, one task each (default: the context's default parallelism)").label("N");
  public static final JobOption<Integer> THREADS = JobOption.of("threads", Integer.class, 1,
      "OnnxRuntime threads per task").label("N");
  public static final JobOption<Path> OUT = JobOption.required("out", Path.class, "DIR",
      "OUT/shards/shard-NNNNN (a store each), OUT/shards.json, and OUT/store (the whole store)");

  /** The options of {@code foil-spark encode}. */
  public static final JobOptions OPTIONS = new JobOptions("foil-spark encode",
      List.of(CORPUS, MODEL, MAX_LENGTH, BATCH_SIZE, SHARDS, THREADS, OUT));

  /** The whole store's directory under {@code OUT}. */
  public static final String STORE = "store";

  private SparkEncoding() {}

  /**
   * What the job did.
   *
   * @param encoded passages run through the encoder; the rest were reused
   */
  public record Result(int documents, int encoded, int shards, double seconds, Path store) {}

  /** What a task returns. */
  record ShardResult(int shard, int documents, int encoded) implements Serializable {}

  /**
   * Runs the job on {@code sc}.
   *
   * @param args the options, as on the command line
   */
  public static Result encode(JavaSparkContext sc, List<String> args, Consumer<String> warnings) throws IOException {
    long t0 = System.nanoTime();
    JobOptions.Values v = OPTIONS.parse(args);
    Path corpus = corpusFile(v);
    Path out = v.get(OUT).toAbsolutePath().normalize();
    Path shardsDir = out.resolve("shards");
    Files.createDirectories(out);
    // The earlier run's shards are moved aside, never rewritten while a task may still read them: with
    // other shard boundaries, one task's new shard would replace an old one another task reuses from.
    if (Files.isDirectory(shardsDir)) {
      Files.move(shardsDir, out.resolve(PREVIOUS + UUID.randomUUID()), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.createDirectories(shardsDir);
    long[] lines = lineStarts(corpus);
    int documents = lines.length - 1;
    if (documents == 0) {
      throw new IllegalArgumentException(corpus + ": no documents");
    }
    int shards = Math.max(1, Math.min(documents, v.get(SHARDS) != null ? v.get(SHARDS) : sc.defaultParallelism()));
    List<long[]> ranges = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      ranges.add(new long[] {lines[(int) ((long) documents * s / shards)], lines[(int) ((long) documents * (s + 1) / shards)]});
    }
    ArrayList<String> previous = new ArrayList<>();
    for (Path aside : previousRuns(out)) { // the last run's, and those of runs killed before they finished
      shardDirs(aside).forEach(p -> previous.add(p.toString()));
    }
    ArrayList<String> options = new ArrayList<>(args);
    String corpusPath = corpus.toString();
    String dir = shardsDir.toString();
    List<ShardResult> done = new ArrayList<>(sc.parallelize(ranges, shards)
        .mapPartitionsWithIndex((shard, it) -> encode(options, corpusPath, dir, previous, shard, it), true).collect());
    done.sort(Comparator.comparingInt(ShardResult::shard));
    List<Path> built = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      built.add(shardsDir.resolve(shardName(s)));
    }
    StoreShards.concatenate(built, out.resolve(STORE), out.resolve(StoreShards.FILE));
    for (Path aside : previousRuns(out)) {
      dev.foil.index.io.StagingDirectory.deleteRecursively(aside);
    }
    int encoded = done.stream().mapToInt(ShardResult::encoded).sum();
    return new Result(documents, encoded, shards, (System.nanoTime() - t0) / 1e9, out.resolve(STORE));
  }

  /** The name of shard {@code s}'s store. */
  public static String shardName(int s) {
    return String.format(Locale.ROOT, "shard-%05d", s);
  }

  /** Runs on an executor: the shard's slice of the corpus into its store. */
  private static Iterator<ShardResult> encode(List<String> options, String corpus, String dir, List<String> previous,
      int shard, Iterator<long[]> ranges) throws IOException {
    JobOptions.Values v = OPTIONS.parse(options);
    Encoder encoder = ExecutorEncoders.get(v.get(MODEL), v.get(MAX_LENGTH), v.get(BATCH_SIZE), v.get(THREADS));
    List<ShardResult> out = new ArrayList<>();
    while (ranges.hasNext()) {
      long[] r = ranges.next();
      Path slice = Path.of(dir).resolve(".slice-" + shard + "-" + UUID.randomUUID() + ".jsonl");
      try {
        try (FileChannel in = FileChannel.open(Path.of(corpus), StandardOpenOption.READ);
            OutputStream os = Files.newOutputStream(slice)) {
          in.transferTo(r[0], r[1] - r[0], Channels.newChannel(os));
        }
        EmbeddingStoreBuilder.Report report = EmbeddingStoreBuilder.build(slice, encoder,
            Path.of(dir).resolve(shardName(shard)), previous.stream().map(Path::of).toList(), ProgressListener.NONE,
            w -> {});
        out.add(new ShardResult(shard, report.documents(), report.encoded()));
      } finally {
        Files.deleteIfExists(slice);
      }
    }
    return out.iterator();
  }

  private static Path corpusFile(JobOptions.Values v) {
    Path c = v.get(CORPUS);
    return Files.isDirectory(c) ? c.resolve("corpus.jsonl") : c;
  }

  /** Byte offsets where each non-blank line starts, and the file's length last. */
  static long[] lineStarts(Path file) throws IOException {
    long[] starts = new long[1024];
    int n = 0;
    long pos = 0;
    long lineStart = 0;
    boolean blank = true;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      byte[] buf = new byte[1 << 16];
      int read;
      while ((read = in.read(buf)) > 0) {
        for (int i = 0; i < read; i++, pos++) {
          byte b = buf[i];
          if (b == '\n') {
            if (!blank) {
              if (n + 1 >= starts.length) {
                starts = java.util.Arrays.copyOf(starts, starts.length * 2);
              }
              starts[n++] = lineStart;
            }
            lineStart = pos + 1;
            blank = true;
          } else if (b != ' ' && b != '\t' && b != '\r') {
            blank = false;
          }
        }
      }
    }
    if (!blank) {
      starts[n++] = lineStart;
    }
    starts = java.util.Arrays.copyOf(starts, n + 1);
    starts[n] = pos;
    return starts;
  }

  /** Where an earlier run's shards are moved before a run: {@code OUT/previous-shards-<uuid>}. */
  private static final String PREVIOUS = "previous-shards-";

  private static List<Path> previousRuns(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith(PREVIOUS) && Files.isDirectory(p)).sorted().toList();
    }
  }

  private static List<Path> shardDirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("shard-\\d{5}") && Files.isDirectory(p)).sorted().toList();
    }
  }

  /** The encoder of this JVM, opened on first use for a model, length, batch and thread count. */
  static final class ExecutorEncoders {
    private static String key;
    private static Encoder encoder;

    private ExecutorEncoders() {}

    static synchronized Encoder get(String model, Integer maxLength, int batch, int threads) throws IOException {
      String k = model + "|" + maxLength + "|" + batch + "|" + threads;
      if (!k.equals(key)) {
        if (encoder != null) {
          encoder.close();
        }
        encoder = Encoders.open(model, maxLength, batch, threads);
        key = k;
      }
      return encoder;
    }
  }
}
