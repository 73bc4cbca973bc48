package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Query;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.dense.EmbeddingStoreBuilder;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.OnnxEncoder;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.index.synthetic.SyntheticIndex;
import dev.foil.index.vector.VectorBackend;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded API under load: 16 caller threads for a bounded time over BM25 + real MiniLM dense
 * sources with caches far smaller than the query set (every call may evict), each answer compared with
 * the single-threaded one; cache sizes and the heap sampled and bounded; meanwhile other instances are
 * built, used and closed over the same shared sources.
 */
class EmbeddedSoakTest {
  private static final int THREADS = 16;
  private static final long SOAK_NANOS = TimeUnit.SECONDS.toNanos(6);
  private static final int CANDIDATE_CACHE = 4;
  private static final int DOCUMENT_CACHE = 32;
  private static final int VECTOR_CACHE = 3;
  private static final int N = 8;
  private static final int DEPTH = 40;

  @TempDir Path dir;

  private static Foil build(Bm25Index bm25, DenseCandidateSource dense, String sampler) {
    return Foil.builder().candidateCacheSize(CANDIDATE_CACHE).documentCacheSize(DOCUMENT_CACHE)
        .embeddingCacheSize(VECTOR_CACHE).source(bm25).source(dense).sampler(sampler).texts(TextLookup.of(bm25))
        .depth(DEPTH).build();
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void sixteenThreadsWithHeavyEvictionGetTheSingleThreadedAnswers() throws Exception {
    Path c = SyntheticIndex.write(dir.resolve("c"), new SyntheticCollection.Parameters(4, 6, 40, 6, 0.5, 0.5, 0.1));
    try (OnnxEncoder enc = new OnnxEncoder(EncoderModel.resolve("minilm"), 48, 16, 2)) {
      EmbeddingStoreBuilder.build(c.resolve("corpus.jsonl"), enc, dir.resolve("store"), ProgressListener.NONE, w -> {});
    }
    Qrels qrels = QrelsReader.read(c.resolve("qrels/train.tsv"));
    List<Query> queries = QueriesReader.read(c.resolve("queries.jsonl")).stream()
        .filter(q -> qrels.queryIds().contains(q.id())).toList();
    List<List<String>> positives = queries.stream().map(q -> List.copyOf(qrels.judgments(q.id()).keySet())).toList();
    assertTrue(queries.size() > 4 * CANDIDATE_CACHE, "the caches must be much smaller than the query set");
    var settings = new VectorBackend.Settings("Flat", 16, 100, 128, 16, 2);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    try (Bm25Index bm25 = Bm25Index.open(c.resolve("index"));
        DenseCandidateSource dense = DenseCandidateSource.open(dir.resolve("store"), VectorBackend.EXACT, settings, 1)) {
      List<List<Negative>> expected = new ArrayList<>();
      try (Foil single = build(bm25, dense, "simans(a=0.5,b=0)")) {
        for (int i = 0; i < queries.size(); i++) {
          expected.add(single.negatives(queries.get(i), positives.get(i), N));
        }
      }
      long heapBefore = usedHeapAfterGc(memory);
      Foil shared = build(bm25, dense, "simans(a=0.5,b=0)");
      AtomicLong calls = new AtomicLong();
      AtomicLong lifecycles = new AtomicLong();
      Queue<String> mismatches = new ConcurrentLinkedQueue<>();
      List<long[]> cacheSamples = new ArrayList<>();
      long maxHeap = 0;
      long deadline = System.nanoTime() + SOAK_NANOS;
      ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        SplittableRandom rng = new SplittableRandom(t);
        work.add(pool.submit(() -> {
          while (System.nanoTime() < deadline) {
            int i = rng.nextInt(queries.size());
            List<Negative> got = shared.negatives(queries.get(i), positives.get(i), N);
            if (!got.equals(expected.get(i))) {
              mismatches.add(queries.get(i).id());
            }
            calls.incrementAndGet();
          }
          return null;
        }));
      }
      // Instances created and closed concurrently over the same sources: closing one must not disturb
      // the shared instance or the sources.
      work.add(pool.submit(() -> {
        SplittableRandom rng = new SplittableRandom(99);
        while (System.nanoTime() < deadline) {
          int i = rng.nextInt(queries.size());
          try (Foil other = build(bm25, dense, "simans(a=0.5,b=0)")) {
            if (!other.negatives(queries.get(i), positives.get(i), N).equals(expected.get(i))) {
              mismatches.add("lifecycle " + queries.get(i).id());
            }
          }
          lifecycles.incrementAndGet();
        }
        return null;
      }));
      while (System.nanoTime() < deadline) {
        Foil.CacheSizes s = shared.cacheSizes();
        cacheSamples.add(new long[] {s.candidates(), s.documents(), s.queryVectors()});
        maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
        Thread.sleep(100);
      }
      for (Future<?> f : work) {
        f.get();
      }
      pool.shutdown();
      long heapAfter = usedHeapAfterGc(memory);

      assertEquals(List.of(), List.copyOf(mismatches), "answers under load equal the single-threaded ones");
      assertTrue(calls.get() > 2L * queries.size(), "the soak made many calls: " + calls.get());
      assertTrue(lifecycles.get() >= 3, "instances were created and closed meanwhile: " + lifecycles.get());
      assertTrue(shared.stats().candidates().evictionCount() > 0, "the candidate cache evicted");
      assertTrue(shared.stats().queryEmbeddings().get(0).evictionCount() > 0, "the query-vector cache evicted");
      assertTrue(cacheSamples.size() >= 10, "cache sizes were sampled: " + cacheSamples.size());
      // Under load Caffeine evicts asynchronously: a sample may exceed a bound by its write buffer (at
      // most 128 × the cores rounded up to a power of two) plus what the callers insert meanwhile (one
      // pool and one vector per call, up to two sources' depth of documents): a constant, not a leak.
      long buffer = 128L * Integer.highestOneBit(2 * Runtime.getRuntime().availableProcessors() - 1);
      long[] bounds = {CANDIDATE_CACHE + buffer + THREADS, DOCUMENT_CACHE + buffer + THREADS * 2L * DEPTH,
          VECTOR_CACHE + buffer + THREADS};
      String[] names = {"candidates", "documents", "query vectors"};
      long[] peak = new long[3];
      for (long[] s : cacheSamples) {
        for (int j = 0; j < 3; j++) {
          peak[j] = Math.max(peak[j], s[j]);
          assertTrue(s[j] <= bounds[j], names[j] + " " + s[j] + " under load, beyond " + bounds[j]);
        }
      }
      Foil.CacheSizes quiet = shared.cacheSizes();
      assertTrue(quiet.candidates() <= CANDIDATE_CACHE, "candidates at rest " + quiet.candidates());
      assertTrue(quiet.documents() <= DOCUMENT_CACHE, "documents at rest " + quiet.documents());
      assertTrue(quiet.queryVectors() <= VECTOR_CACHE, "query vectors at rest " + quiet.queryVectors());
      assertTrue(heapAfter - heapBefore < 64L << 20,
          "retained heap grew by " + ((heapAfter - heapBefore) >> 20) + " MB (peak sampled " + (maxHeap >> 20) + " MB)");
      shared.close();
      assertEquals(N, dense.retrieve(queries.get(0), N).size(), "the sources outlive every instance");
      System.out.printf("embedded soak: %d calls over %d queries on %d threads and %d instance lifecycles in %d s;"
          + " cache entries at peak under load %d/%d/%d (bounds %d/%d/%d); retained heap %+d MB, peak %d MB%n",
          calls.get(), queries.size(), THREADS, lifecycles.get(), TimeUnit.NANOSECONDS.toSeconds(SOAK_NANOS),
          peak[0], peak[1], peak[2], CANDIDATE_CACHE, DOCUMENT_CACHE, VECTOR_CACHE,
          (heapAfter - heapBefore) >> 20, maxHeap >> 20);
    }
  }
}
