package dev.foil.spark;

import dev.foil.index.ProgressListener;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.samplers.mining.MiningOptions;
import dev.foil.samplers.mining.MiningService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code foil-spark bench}: the same mining single-process (the service {@code foil mine} calls, on as
 * many threads as the context has cores) and as the Spark job, alternating, each run opening its sources;
 * prints every time, the medians and their ratio, and checks that both wrote the same bytes.
 */
final class MiningBenchmark {
  /** {@code --repeats}. */
  static final JobOption<Integer> REPEATS = JobOption.of("repeats", Integer.class, 3, "timed runs of each side");
  static final JobOptions OPTIONS = SparkMining.OPTIONS.with("foil-spark bench", List.of(REPEATS));

  private MiningBenchmark() {}

  static void run(org.apache.spark.api.java.JavaSparkContext sc, List<String> args, PrintStream out)
      throws IOException {
    JobOptions.Values v = OPTIONS.parse(args);
    Path dir = v.get(SparkMining.OUT).toAbsolutePath();
    Path single = dir.resolve("single.jsonl");
    Path parts = dir.resolve("spark");
    // The job's own options: these, without --repeats, writing into OUT/spark.
    List<String> sparkArgs = new ArrayList<>(args);
    FoilSpark.remove(sparkArgs, "--repeats");
    FoilSpark.remove(sparkArgs, "--out");
    sparkArgs.addAll(List.of("--out", parts.toString()));
    int threads = sc.defaultParallelism();
    int repeats = v.get(REPEATS);
    double[] s = new double[repeats];
    double[] p = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      MiningService.mine(MiningOptions.job(v, single), MiningOptions.settings(v),
          new MiningService.Execution(v.get(SparkMining.CHUNK), threads, false, true), ProgressListener.NONE, w -> {});
      s[i] = (System.nanoTime() - t0) / 1e9;
      ExecutorSessions.close();
      t0 = System.nanoTime();
      SparkMining.Result res = SparkMining.mine(sc, sparkArgs, w -> {});
      p[i] = (System.nanoTime() - t0) / 1e9;
      if (!Arrays.equals(Files.readAllBytes(single), SparkMining.concatenation(parts, res.manifest()))) {
        throw new IllegalStateException("the Spark job's parts differ from the single-process file");
      }
      out.printf(Locale.ROOT, "run %d: single-process %.2f s (%d threads), spark %.2f s (%s, %d partitions)%n", i + 1,
          s[i], threads, p[i], sc.master(), res.manifest().parts().size());
    }
    out.printf(Locale.ROOT, "median: single-process %.2f s, spark %.2f s, ratio spark / single %.2f; bytes identical%n",
        median(s), median(p), median(p) / median(s));
  }


  private static double median(double[] x) {
    double[] c = x.clone();
    Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }
}
