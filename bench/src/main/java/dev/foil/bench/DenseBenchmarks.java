package dev.foil.bench;

import dev.foil.index.ProgressListener;
import dev.foil.index.data.CorpusReader;
import dev.foil.index.data.Document;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.OnnxEncoder;
import dev.foil.index.vector.ExactVectorIndex;
import dev.foil.index.vector.LuceneHnswIndex;
import dev.foil.index.vector.VectorIndex;
import dev.foil.index.vector.faiss.FaissIndex;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** The dense-retrieval benchmarks of issue 3. */
public final class DenseBenchmarks {
  private DenseBenchmarks() {}

  /**
   * One vector index measured against exact search.
   *
   * @param index its description
   * @param buildSeconds time to build it
   * @param queriesPerSecond median over the repeats of a batched search of all queries
   * @param recall mean fraction of the exact top k found
   */
  public record AnnResult(String index, double buildSeconds, double queriesPerSecond, double recall) {}

  /**
   * Recall@k against the exact index, build time and batched queries/s of FAISS Flat, FAISS HNSW and
   * Lucene HNSW over an embedding store, for the given query vectors.
   *
   * @param queries {@code n × d} query vectors
   */
  public static List<AnnResult> ann(EmbeddingStore store, float[] queries, int k, int faissM, int luceneM,
      int efConstruction, int efSearch, int threads, int repeats) throws IOException {
    float[] matrix = store.toArray();
    int d = store.dimension();
    List<AnnResult> out = new ArrayList<>();
    long t0 = System.nanoTime();
    ExactVectorIndex exact = new ExactVectorIndex(matrix, d, threads);
    double exactBuild = seconds(t0);
    VectorIndex.Hits truth = exact.search(queries, k);
    out.add(measure(exact, exactBuild, queries, k, truth, repeats));
    if (FaissIndex.available()) {
      t0 = System.nanoTime();
      try (FaissIndex flat = FaissIndex.build("Flat", matrix, d, threads)) {
        out.add(measure(flat, seconds(t0), queries, k, truth, repeats));
      }
      t0 = System.nanoTime();
      try (FaissIndex hnsw = FaissIndex.build("HNSW" + faissM + ",Flat", matrix, d, threads, efConstruction)) {
        hnsw.set("efSearch", efSearch);
        out.add(measure(hnsw, seconds(t0), queries, k, truth, repeats));
      }
    }
    t0 = System.nanoTime();
    try (LuceneHnswIndex lucene = LuceneHnswIndex.build(matrix, d, luceneM, efConstruction, efSearch, threads)) {
      out.add(measure(lucene, seconds(t0), queries, k, truth, repeats));
    }
    return out;
  }

  private static AnnResult measure(VectorIndex index, double build, float[] queries, int k, VectorIndex.Hits truth,
      int repeats) {
    int n = queries.length / index.dimension();
    VectorIndex.Hits hits = index.search(queries, k); // warm-up, and the hits measured for recall
    double qps = median(repeats, () -> {
      long t = System.nanoTime();
      index.search(queries, k);
      return n / seconds(t);
    });
    return new AnnResult(index.description(), build, qps, hits.recallAgainst(truth));
  }

  /**
   * FAISS Flat, IVF-PQ and HNSW over {@code n} synthetic {@code d}-dimensional embeddings: build time,
   * batched queries/s and recall@k against Flat, to see how the dense side's cost grows with the corpus
   * without running an encoder. The vectors are clustered like text embeddings (a unit-norm mixture of
   * √n directions with noise), not uniform on the sphere, where every approximate index looks bad.
   *
   * @param ivfLists IVF lists of the IVF-PQ index (its k-means trains on at most 256 vectors per list)
   * @param pqBytes PQ code bytes per vector (must divide {@code d}), or 0 to leave IVF-PQ out
   * @param hnswM FAISS HNSW connections per node, or 0 to leave FAISS HNSW out (its build is the slowest)
   * @param luceneM Lucene HNSW maxConn, or 0 to leave Lucene HNSW out (pure Java: its speed depends on
   *     whether the JVM reads {@code jdk.incubator.vector})
   */
  public static List<AnnResult> scale(int n, int d, int nq, int k, int ivfLists, int pqBytes, int nprobe,
      int hnswM, int luceneM, int efConstruction, int efSearch, int threads, int repeats, long seed)
      throws IOException {
    if (!FaissIndex.available()) {
      throw new IllegalStateException("FAISS is not available: " + FaissIndex.unavailableReason());
    }
    float[] corpus = clustered(n, d, seed, seed);
    float[] queries = clustered(nq, d, seed, seed + 1);
    List<AnnResult> out = new ArrayList<>();
    long t0 = System.nanoTime();
    VectorIndex.Hits truth;
    try (FaissIndex flat = FaissIndex.build("Flat", corpus, d, threads)) {
      double build = seconds(t0);
      truth = flat.search(queries, k);
      out.add(measure(flat, build, queries, k, truth, repeats));
    }
    if (pqBytes > 0) {
      t0 = System.nanoTime();
      try (FaissIndex ivf = FaissIndex.build("IVF" + ivfLists + ",PQ" + pqBytes + "np", corpus, d, threads)) {
        ivf.set("nprobe", nprobe);
        out.add(measure(ivf, seconds(t0), queries, k, truth, repeats));
      }
    }
    if (hnswM > 0) {
      t0 = System.nanoTime();
      try (FaissIndex hnsw = FaissIndex.build("HNSW" + hnswM + ",Flat", corpus, d, threads, efConstruction)) {
        hnsw.set("efSearch", efSearch);
        out.add(measure(hnsw, seconds(t0), queries, k, truth, repeats));
      }
    }
    if (luceneM > 0) {
      t0 = System.nanoTime();
      try (LuceneHnswIndex lucene = LuceneHnswIndex.build(corpus, d, luceneM, efConstruction, efSearch, threads)) {
        out.add(measure(lucene, seconds(t0), queries, k, truth, repeats));
      }
    }
    return out;
  }

  /**
   * {@code n} unit vectors around √(corpus size) random directions: the directions come from
   * {@code centersSeed}, the points from {@code seed}, so queries share the corpus's clusters.
   */
  static float[] clustered(int n, int d, long centersSeed, long seed) {
    int clusters = (int) Math.max(16, Math.round(Math.sqrt(Math.max(n, 1))));
    SplittableRandom cr = new SplittableRandom(centersSeed);
    float[] centers = new float[clusters * d];
    for (int i = 0; i < centers.length; i++) {
      centers[i] = (float) gaussian(cr);
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[] out = new float[n * d];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(clusters);
      double norm = 0;
      for (int j = 0; j < d; j++) {
        double v = centers[c * d + j] + 0.6 * gaussian(r);
        out[i * d + j] = (float) v;
        norm += v * v;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < d; j++) {
        out[i * d + j] *= inv;
      }
    }
    return out;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /**
   * FAISS flat search against the machine's sgemm rate.
   *
   * @param sgemmShapes the sgemm shapes measured, {@code nq×nb×d} each, with their GFLOP/s
   * @param sgemmPeak the best of them: the machine's measured rate
   * @param flatGflops 2·nq·n·d / (median search time)
   * @param flatSeconds median batched search time
   * @param addSeconds time to add the corpus
   */
  public record FlatResult(List<String> sgemmShapes, double sgemmPeak, double flatGflops, double flatSeconds,
      double addSeconds) {
    public double ratio() {
      return flatGflops / sgemmPeak;
    }
  }

  /**
   * Builds a FAISS {@code Flat} index over {@code n} random unit vectors of dimension {@code d}, times a
   * batched search of {@code nq} queries at {@code k}, and compares its rate with OpenBLAS sgemm (the
   * library FAISS calls) on three shapes: FAISS's own block (nq × 1024 × d), a wide block
   * (nq × 16384 × d) and a square 2048³ product, each timed between the searches. The best of the
   * shapes' median rates is the machine's rate.
   */
  public static FlatResult flat(int n, int d, int nq, int k, int threads, int repeats) {
    if (!FaissIndex.available()) {
      throw new IllegalStateException("FAISS is not available: " + FaissIndex.unavailableReason());
    }
    float[] corpus = unitGaussian(n, d, 1);
    float[] queries = unitGaussian(nq, d, 2);
    int[][] shapes = {{nq, 1024, d}, {nq, 16384, d}, {2048, 2048, 2048}};
    double[][] rates = new double[shapes.length][repeats];
    double[] searchSeconds = new double[repeats];
    long t0 = System.nanoTime();
    try (FaissIndex flat = FaissIndex.build("Flat", corpus, d, threads)) {
      double add = seconds(t0);
      flat.search(queries, k); // warm-up
      // Interleaved, so that the shared machine's drift affects sgemm and FAISS alike.
      for (int r = 0; r < repeats; r++) {
        for (int s = 0; s < shapes.length; s++) {
          rates[s][r] = sgemmGflops(shapes[s][0], shapes[s][1], shapes[s][2], threads, 1);
        }
        long t = System.nanoTime();
        flat.search(queries, k);
        searchSeconds[r] = seconds(t);
      }
      List<String> described = new ArrayList<>();
      double peak = 0;
      for (int s = 0; s < shapes.length; s++) {
        Arrays.sort(rates[s]);
        double m = rates[s][repeats / 2];
        described.add(shapes[s][0] + "×" + shapes[s][1] + "×" + shapes[s][2] + ": "
            + String.format(java.util.Locale.ROOT, "%.1f", m) + " GFLOP/s (median)");
        peak = Math.max(peak, m);
      }
      Arrays.sort(searchSeconds);
      double median = searchSeconds[repeats / 2];
      return new FlatResult(described, peak, 2.0 * nq * n * d / median / 1e9, median, add);
    }
  }

  /**
   * Encoder throughput on the same passages, in alternating pairs.
   *
   * @param texts passages encoded
   * @param tokens the tokens Foil's encoder reads for them (after truncation, before padding)
   * @param model Foil's encoder (a built-in name or a directory)
   * @param maxLength Foil's maximum tokens
   * @param foil Foil's texts/s in each pair
   * @param langchain4j langchain4j's {@code AllMiniLmL6V2EmbeddingModel.embedAll} texts/s in each pair
   */
  public record EncodeResult(int texts, long tokens, String model, int maxLength, double[] foil, double[] langchain4j) {
    /** Whether Foil ran first in pair {@code pair} (0-based): in even pairs, langchain4j first in odd ones. */
    public static boolean foilFirst(int pair) {
      return pair % 2 == 0;
    }

    /** Median of Foil's texts/s. */
    public double foilMedian() {
      return median(foil);
    }

    /** Median of langchain4j's texts/s. */
    public double langchain4jMedian() {
      return median(langchain4j);
    }

    /** Median over the pairs of Foil's texts/s over langchain4j's in the same pair. */
    public double ratioMedian() {
      double[] r = new double[foil.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = foil[i] / langchain4j[i];
      }
      return median(r);
    }

    private static double median(double[] v) {
      double[] s = v.clone();
      java.util.Arrays.sort(s);
      int n = s.length;
      return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
  }

  /**
   * Encodes the first {@code n} passages of {@code corpus} (title + text) with Foil's {@code model} and with
   * langchain4j's MiniLM, {@code repeats} pairs after loading both and a short warm-up; the order within a
   * pair alternates ({@link EncodeResult#foilFirst}), so that a machine growing busier or quieter biases neither.
   */
  public static EncodeResult encode(Path corpus, int n, String model, int maxLength, int batchSize, int threads,
      int repeats) throws IOException {
    if (repeats < 1) {
      throw new IllegalArgumentException("illegal repeats value: " + repeats + ", must be at least 1");
    }
    List<String> texts = new ArrayList<>();
    try (CorpusReader r = CorpusReader.open(corpus)) {
      Document d;
      while (texts.size() < n && (d = r.next()) != null) {
        texts.add(d.contents());
      }
    }
    List<String> warm = texts.subList(0, Math.min(16, texts.size()));
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    double[] foil = new double[repeats];
    double[] theirs = new double[repeats];
    long tokens;
    try (OnnxEncoder enc = new OnnxEncoder(EncoderModel.resolve(model), maxLength, batchSize, threads)) {
      tokens = enc.passageTokens(texts);
      AllMiniLmL6V2EmbeddingModel lc4j = new AllMiniLmL6V2EmbeddingModel();
      enc.encodePassages(warm, ProgressListener.NONE);
      lc4j.embedAll(warm.stream().map(TextSegment::from).toList());
      for (int r = 0; r < repeats; r++) {
        for (int side = 0; side < 2; side++) {
          long t0 = System.nanoTime();
          if ((side == 0) == EncodeResult.foilFirst(r)) {
            enc.encodePassages(texts, ProgressListener.NONE);
            foil[r] = texts.size() / seconds(t0);
          } else {
            lc4j.embedAll(segments);
            theirs[r] = texts.size() / seconds(t0);
          }
        }
      }
    }
    return new EncodeResult(texts.size(), tokens, model, maxLength, foil, theirs);
  }

  static float[] unitGaussian(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[n * d];
    for (int r = 0; r < n; r++) {
      double norm = 0;
      for (int i = 0; i < d; i++) {
        float x = (float) rng.nextGaussian();
        v[r * d + i] = x;
        norm += x * x;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < d; i++) {
        v[r * d + i] *= inv;
      }
    }
    return v;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(int repeats, Supplier<Double> run) {
    double[] v = new double[Math.max(1, repeats)];
    for (int i = 0; i < v.length; i++) {
      v[i] = run.get();
    }
    Arrays.sort(v);
    return v[v.length / 2];
  }

  /**
   * The machine's single-precision matrix-multiply rate through the BLAS that FAISS links, in
   * GFLOP/s: the median of {@code repeats} products of the shape flat search computes
   * ({@code nq × d} by {@code d × nb}), 2·nq·nb·d floating-point operations each.
   */
  static double sgemmGflops(int nq, int nb, int d, int threads, int repeats) {
    SplittableRandom rng = new SplittableRandom(1);
    float[] q = new float[nq * d];
    float[] b = new float[nb * d];
    for (int i = 0; i < q.length; i++) {
      q[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rng.nextGaussian();
    }
    float[] c = new float[nq * nb];
    double[] rates = new double[repeats];
    FaissIndex.multiplyTransposed(nq, nb, d, q, b, c, threads); // warm-up
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      FaissIndex.multiplyTransposed(nq, nb, d, q, b, c, threads);
      rates[r] = 2.0 * nq * nb * d / (System.nanoTime() - t0);
    }
    Arrays.sort(rates);
    return rates[repeats / 2];
  }
}
