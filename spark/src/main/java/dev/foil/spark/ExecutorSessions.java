package dev.foil.spark;

import dev.foil.index.job.JobOptions;
import dev.foil.samplers.mining.MiningOptions;
import dev.foil.samplers.mining.MiningService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The mining session of this JVM: an executor opens the sources, the miner and the anchors once for a
 * job's options and reuses them for every task it runs, instead of opening an index per task.
 */
final class ExecutorSessions {
  private static List<String> options;
  private static MiningService.Session session;

  private ExecutorSessions() {}

  /** The session of {@code args} ({@link SparkMining#OPTIONS}), opened on first use; another job's is closed. */
  static synchronized MiningService.Session get(List<String> args) throws IOException {
    if (!args.equals(options)) {
      if (session != null) {
        session.close();
        session = null;
      }
      JobOptions.Values v = SparkMining.OPTIONS.parse(args);
      Path out = v.get(SparkMining.OUT).toAbsolutePath().normalize();
      // The driver reported the warnings already.
      session = MiningService.Session.open(MiningOptions.job(v, out.resolve(SparkMining.MANIFEST)),
          MiningOptions.settings(v), v.get(SparkMining.THREADS), warning -> {});
      options = List.copyOf(args);
    }
    return session;
  }

  /** Closes this JVM's session, so that the next task opens its sources again (for fair timings in one JVM). */
  static synchronized void close() throws IOException {
    if (session != null) {
      session.close();
    }
    session = null;
    options = null;
  }
}
