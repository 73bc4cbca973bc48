package dev.foil.samplers.bench;

import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.index.io.StagingDirectory;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplerRegistry;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of issue 4 (run with scripts/jmh.sh): the sampling stage alone (SimANS, 200
 * candidates, 15 negatives, one thread), the whole per-anchor Miner on the same pool, and the latency
 * of the embedded {@code negatives()} with warm caches.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class SamplingBenchmark {

  /** 1,024 prepared anchors of 200 candidates each, visited round-robin. */
  @State(Scope.Thread)
  public static class Anchors {
    SamplingContext[] contexts = new SamplingContext[1024];
    CandidatePool[] pools = new CandidatePool[1024];
    NegativeSampler simans = SamplerRegistry.load().parse("simans(a=8,b=0)");
    NegativeSampler simansZ = SamplerRegistry.load().parse("simans-z(a=1,b=0)");
    NegativeSampler simansDefault = SamplerRegistry.load().parse(MiningSettings.SAMPLER);
    Miner miner = new Miner(new Miner.Settings(simans, 15, 42, 0, false, null, null, null), null, 100_000);
    SplittableRandom rng = new SplittableRandom(1);
    int next;

    @Setup
    public void setUp() {
      SplittableRandom r = new SplittableRandom(7);
      for (int a = 0; a < contexts.length; a++) {
        int[] docs = new int[200];
        float[] scores = new float[200];
        int[] ranks = new int[200];
        for (int i = 0; i < 200; i++) {
          docs[i] = r.nextInt(100_000);
          scores[i] = (float) (0.9 - i * 0.003 + 0.01 * r.nextGaussian());
          ranks[i] = i + 1;
        }
        contexts[a] = new SamplingContext("q" + a, docs, scores, ranks, List.of("dense"), new float[][] {scores},
            new int[][] {ranks}, 0.7f, 100_000, d -> false, new SplittableRandom(a));
        pools[a] = new CandidatePool("q" + a, List.of("dense"), docs, new float[200], new float[][] {scores},
            new int[][] {ranks}, new int[] {100_001 % 100_000}, new float[][] {{0.7f}}, new int[][] {{0}});
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int[] simansStage(Anchors s) {
    return s.simans.sample(next(s), 15);
  }

  /** The next prepared anchor with a fresh generator, as the pipeline derives one per anchor. */
  private static SamplingContext next(Anchors s) {
    SamplingContext c = s.contexts[s.next++ & 1023];
    return new SamplingContext(c.anchorId(), c.docs(), c.scores(), c.ranks(), c.sources(), c.sourceScores(),
        c.sourceRanks(), c.positiveScore(), c.corpusSize(), c.excluded(), s.rng.split());
  }

  /** The same stage with the scale-free {@code simans-z(a=1,b=0)}: one more pass to standardise the scores. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int[] simansZStage(Anchors s) {
    return s.simansZ.sample(next(s), 15);
  }

  /**
   * The same stage with the shipped default, {@code simans-z(a=4,b=0)}: a kernel narrow enough that the
   * draw sorts the candidates into levels rather than proposing from all of them at once.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int[] simansDefaultStage(Anchors s) {
    return s.simansDefault.sample(next(s), 15);
  }

  /** 200 {@code exp()} calls, what the weights cost before the draw moved to log-weights. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public double twoHundredExps(Anchors s) {
    SamplingContext c = s.contexts[s.next++ & 1023];
    var sampler = (dev.foil.samplers.retrieval.SimAnsSampler) s.simans;
    double sum = 0;
    for (float x : c.scores()) {
      sum += Math.exp(sampler.logWeight(x, c.positiveScore()));
    }
    return sum;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object wholeMinerPerAnchor(Anchors s) throws Exception {
    CandidatePool p = s.pools[s.next++ & 1023];
    return s.miner.mine(p, new Query(p.queryId(), "q"), Set.of(), new MiningStats());
  }

  /** An embedded Foil over BM25 on a synthetic collection, caches warmed with every query. */
  @State(Scope.Benchmark)
  public static class Embedded {
    Path dir;
    Bm25Index bm25;
    Foil foil;
    List<Query> queries;
    List<List<String>> positives;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      dir = Files.createTempDirectory("foil-jmh-");
      Path c = dir.resolve("c");
      SyntheticCollection.write(SyntheticCollection.Parameters.defaults(42), c, false);
      Bm25Indexer.anseriniDefaults().build(c.resolve("corpus.jsonl"), dir.resolve("index"), false, ProgressListener.NONE);
      bm25 = Bm25Index.open(dir.resolve("index"));
      Qrels qrels = QrelsReader.read(c.resolve("qrels/train.tsv"));
      queries = QueriesReader.read(c.resolve("queries.jsonl")).stream().filter(q -> qrels.queryIds().contains(q.id())).toList();
      positives = queries.stream().map(q -> List.copyOf(qrels.judgments(q.id()).keySet())).toList();
      foil = Foil.builder().source(bm25).sampler("simans(a=0.5,b=0)").texts(TextLookup.of(bm25)).build();
      for (int i = 0; i < queries.size(); i++) {
        foil.negatives(queries.get(i), positives.get(i), 15);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      foil.close();
      bm25.close(); // the embedded API leaves its sources to their owner
      StagingDirectory.deleteRecursively(dir);
    }
  }

  /** Per-thread position in the query list. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Negative> embeddedNegativesWarm(Embedded e, Cursor c) {
    int i = c.next++ % e.queries.size();
    return e.foil.negatives(e.queries.get(i), e.positives.get(i), 15);
  }
}
