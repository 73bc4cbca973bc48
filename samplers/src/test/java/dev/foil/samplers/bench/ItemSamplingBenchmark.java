package dev.foil.samplers.bench;

import dev.foil.samplers.items.ItemNegatives;
import dev.foil.samplers.items.ItemSampler;
import dev.foil.samplers.items.ItemSamplers;
import dev.foil.samplers.items.ItemSamplingContext;
import dev.foil.samplers.items.UserItems;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of issue 6 (run with scripts/jmh.sh ItemSamplingBenchmark): item negatives per
 * second on one core for a Gowalla-shaped training set (29,858 users, 40,981 items, 810k interactions
 * with a skewed degree distribution), batches of 256 users with 1,000 negatives each. One operation is
 * one negative.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ItemSamplingBenchmark {
  static final int BATCH = 256;
  static final int NEGATIVES = 1000;

  /** The training set and a drawer per sampler. */
  @State(Scope.Thread)
  public static class Data {
    UserItems train;
    ItemSampler.Draw uniform;
    ItemSampler.Draw popularity;
    ItemSampler.Draw shared;
    int[][] batches = new int[64][];
    SplittableRandom rng = new SplittableRandom(7);
    int next;

    @Setup
    public void setUp() {
      int users = 29_858;
      int items = 40_981;
      SplittableRandom r = new SplittableRandom(1);
      int n = 810_128;
      int[] us = new int[n];
      int[] is = new int[n];
      for (int k = 0; k < n; k++) {
        us[k] = (int) Math.min(users - 1, users * Math.pow(r.nextDouble(), 1.5)); // skewed degrees
        is[k] = (int) Math.min(items - 1, items * Math.pow(r.nextDouble(), 2.0)); // skewed popularity
      }
      train = UserItems.of(users, items, us, is, n);
      ItemSamplingContext c = ItemSamplingContext.of(train);
      uniform = ItemSamplers.parse("uniform").bind(c);
      popularity = ItemSamplers.parse("popularity(alpha=0.75)").bind(c);
      shared = ItemSamplers.parse("large-ratio(shared=true)").bind(c);
      for (int b = 0; b < batches.length; b++) {
        batches[b] = new int[BATCH];
        for (int k = 0; k < BATCH; k++) {
          batches[b][k] = r.nextInt(users);
        }
      }
    }

    int[] batch() {
      next = (next + 1) & (batches.length - 1);
      return batches[next];
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH * NEGATIVES)
  public ItemNegatives uniformWithRejection(Data d) {
    return d.uniform.draw(d.batch(), NEGATIVES, d.rng);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH * NEGATIVES)
  public ItemNegatives popularityAlias(Data d) {
    return d.popularity.draw(d.batch(), NEGATIVES, d.rng);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH * NEGATIVES)
  public ItemNegatives sharedLargeRatio(Data d) {
    return d.shared.draw(d.batch(), NEGATIVES, d.rng);
  }
}
