package dev.foil.spark;

import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The application jar's entry point, for {@code spark-submit} and {@code bin/foil-spark}:
 * {@code mine} with the options of {@code foil mine} and an output directory. Exit codes as
 * {@code foil}'s: 0 success, 2 bad input or usage, 1 a failure of the job or the environment.
 */
public final class FoilSpark {
  private FoilSpark() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs {@code args} and returns the exit code. {@code --master URL} sets the master when
   * {@code spark-submit} did not (default {@code local[*]}).
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    boolean help = rest.contains("--help") || rest.contains("-h");
    if (rest.isEmpty() || help || !List.of("mine", "bench", "encode").contains(rest.get(0))) {
      usage(help ? out : err);
      return help ? 0 : 2;
    }
    String command = rest.remove(0);
    JobOptions options = switch (command) {
      case "bench" -> MiningBenchmark.OPTIONS;
      case "encode" -> SparkEncoding.OPTIONS;
      default -> SparkMining.OPTIONS;
    };
    SparkConf conf = new SparkConf().setAppName("foil " + command);
    String master = remove(rest, "--master");
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (!conf.contains("spark.jars")) {
      // Started without spark-submit: the executors get this application jar.
      String[] jars = JavaSparkContext.jarOfClass(FoilSpark.class);
      if (jars.length > 0 && jars[0].endsWith(".jar")) {
        conf.setJars(jars);
      }
    }
    try {
      options.parse(rest); // usage errors before a context starts
    } catch (IllegalArgumentException e) {
      err.println("foil-spark: " + e.getMessage());
      return 2;
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      if (command.equals("bench")) {
        MiningBenchmark.run(sc, rest, out);
        return 0;
      }
      if (command.equals("encode")) {
        SparkEncoding.Result e = SparkEncoding.encode(sc, rest, w -> err.println("foil-spark: warning: " + w));
        out.printf(Locale.ROOT, "encoded %,d of %,d passages (the rest reused) in %d shards in %.1f s -> %s%n",
            e.encoded(), e.documents(), e.shards(), e.seconds(), e.store());
        return 0;
      }
      SparkMining.Result r = SparkMining.mine(sc, rest, w -> err.println("foil-spark: warning: " + w));
      out.printf(Locale.ROOT, "mined %,d queries (%,d negatives) into %d parts in %.1f s; manifest: %s%n", r.queries(),
          r.manifest().counts().negatives, r.manifest().parts().size(), r.seconds(),
          SparkMining.OPTIONS.parse(rest).get(SparkMining.OUT).resolve(SparkMining.MANIFEST));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("foil-spark: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("foil-spark: failed: " + e);
      return 1;
    }
  }

  /**
   * Removes option {@code name} from {@code args}, written {@code --name value} or {@code --name=value},
   * and returns its value, or {@code null} when it is not there.
   */
  static String remove(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).startsWith(name + "=")) {
        return args.remove(i).substring(name.length() + 1);
      }
      if (args.get(i).equals(name) && i + 1 < args.size()) {
        args.remove(i);
        return args.remove(i);
      }
    }
    return null;
  }

  private static void usage(PrintStream s) {
    s.println("Usage: foil-spark mine [--master URL] --queries FILE (--split NAME | --qrels FILE) --index DIR"
        + " [--dense DIR] --out DIR [options]");
    s.println("Mines negatives on Spark: query partitions mined on executors into OUT/part-NNNNN.jsonl, whose");
    s.println("concatenation in order is the file `foil mine` writes; OUT/manifest.json lists them.");
    s.println("foil-spark bench [--repeats N] takes the same options and times single-process mining against");
    s.println("the job, alternating, into OUT/single.jsonl and OUT/spark/.");
    s.println("foil-spark encode --corpus FILE|DIR [--model NAME] [--shards N] --out DIR encodes corpus shards on");
    s.println("executors into OUT/shards/ and OUT/store (see docs/SPARK.md). Options of mine:");
    for (JobOption<?> o : SparkMining.OPTIONS.options()) {
      s.printf(Locale.ROOT, "  --%-22s %s%s%n", o.name() + (o.isFlag() ? "" : " " + o.placeholder()), o.description(),
          o.defaultValue() == null || o.isFlag() ? "" : " (default: " + o.format(o.defaultValue()) + ")");
    }
  }
}
