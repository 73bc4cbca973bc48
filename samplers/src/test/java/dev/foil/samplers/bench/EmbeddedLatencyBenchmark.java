package dev.foil.samplers.bench;

import dev.foil.index.CandidateSource;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.dense.EmbeddingStoreBuilder;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.Encoders;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.source.DenseSource;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded {@code negatives()} on real data (issue 24, item 4): SciFact's train queries with their
 * positives, BM25 alone or BM25 and MiniLM pooled, 15 negatives by the default sampler. {@code warm}
 * repeats queries whose pools, documents and query vectors are cached; {@code newQuery} asks each call
 * a query never seen (its pool and, with the dense source, its vector computed in the call);
 * {@code queryEncoding} is one MiniLM query encoding alone. Per-call percentiles come from JMH's
 * sample mode; run with {@code -t 1} and {@code -t 16} for one and sixteen callers.
 *
 * <p>SciFact is read from {@code -Dfoil.shared.data} (default {@code ../shared/data}); the BM25 index
 * and the MiniLM store are built once under {@code samplers/target/bench-scifact} and reused.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class EmbeddedLatencyBenchmark {

  /** SciFact, its sources and one shared {@link Foil}. */
  @State(Scope.Benchmark)
  public static class Scifact {
    @Param({"bm25", "bm25+dense"})
    public String sources;

    Bm25Index bm25;
    CandidateSource dense;
    Foil foil;
    Encoder encoder;
    List<Query> queries;
    List<List<String>> positives;
    final AtomicLong fresh = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      Path data = Path.of(System.getProperty("foil.shared.data", "../shared/data")).resolve("scifact");
      if (!Files.isRegularFile(data.resolve("corpus.jsonl"))) {
        throw new IllegalStateException("SciFact not found at " + data + " (set -Dfoil.shared.data)");
      }
      Path work = Files.createDirectories(Path.of("samplers/target/bench-scifact"));
      Path index = work.resolve("bm25");
      if (!Files.isDirectory(index)) {
        Bm25Indexer.anseriniDefaults().build(data.resolve("corpus.jsonl"), index, false, ProgressListener.NONE);
      }
      bm25 = Bm25Index.open(index);
      Foil.Builder b = Foil.builder().source(bm25).texts(TextLookup.of(bm25));
      encoder = Encoders.open("minilm", null, 1, 1);
      if (sources.contains("dense")) {
        Path store = work.resolve("minilm");
        try (Encoder corpus = Encoders.open("minilm", null, 8, Runtime.getRuntime().availableProcessors())) {
          EmbeddingStoreBuilder.build(data.resolve("corpus.jsonl"), corpus, store, ProgressListener.NONE, w -> {});
        }
        dense = DenseSource.of(store).open(1);
        b.source(dense);
      }
      foil = b.build();
      Qrels qrels = QrelsReader.read(data.resolve("qrels/train.tsv"));
      queries = QueriesReader.read(data.resolve("queries.jsonl")).stream()
          .filter(q -> qrels.queryIds().contains(q.id())).toList();
      positives = new ArrayList<>();
      for (Query q : queries) {
        positives.add(List.copyOf(qrels.judgments(q.id()).keySet()));
        foil.negatives(q, positives.getLast(), 15); // warm: pools, documents and query vectors cached
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      foil.close();
      encoder.close();
      if (dense != null) {
        dense.close();
      }
      bm25.close();
    }
  }

  /** A repeated query: pool, documents and query vector come from the caches. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Negative> warm(Scifact s, SamplingBenchmark.Cursor c) {
    int i = c.next++ % s.queries.size();
    return s.foil.negatives(s.queries.get(i), s.positives.get(i), 15);
  }

  /** A query never seen: its pool (and, with dense, its vector) is computed in the call. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Negative> newQuery(Scifact s, SamplingBenchmark.Cursor c) {
    int i = c.next++ % s.queries.size();
    Query q = s.queries.get(i);
    long n = s.fresh.incrementAndGet();
    return s.foil.negatives(new Query(q.id() + "-" + n, q.text() + " " + n), s.positives.get(i), 15);
  }

  /** One MiniLM query encoding, the part of {@link #newQuery} a dense source adds. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public float[] queryEncoding(Scifact s, SamplingBenchmark.Cursor c) {
    int i = c.next++ % s.queries.size();
    return s.encoder.encodeQueries(List.of(s.queries.get(i).text() + " " + s.fresh.incrementAndGet()),
        ProgressListener.NONE);
  }
}
