package dev.foil.index.vector;

import dev.foil.index.WorkerPool;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Approximate search with Lucene's HNSW graph (Malkov and Yashunin, TPAMI 2018), pure Java. Vectors
 * are indexed with {@link VectorSimilarityFunction#DOT_PRODUCT}, whose score Lucene reports as
 * (1 + dot) / 2; {@link #search} converts it back to the inner product. Each query explores
 * {@code max(k, efSearch)} candidates. The graph lives in a directory on disk.
 */
public final class LuceneHnswIndex implements VectorIndex {
  private static final String FIELD = "vector";
  private static final String ORD = "ord";

  private final Path dir;
  private final boolean deleteOnClose;
  private final FSDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int[] rowOfDoc;
  private final int dimension;
  private final int m;
  private final int beamWidth;
  private final int efSearch;
  private final int threads;

  private LuceneHnswIndex(Path dir, boolean deleteOnClose, int dimension, int m, int beamWidth, int efSearch, int threads)
      throws IOException {
    this.dir = dir;
    this.deleteOnClose = deleteOnClose;
    this.directory = FSDirectory.open(dir);
    this.reader = DirectoryReader.open(directory);
    this.searcher = new IndexSearcher(reader);
    this.rowOfDoc = new int[reader.maxDoc()];
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues ords = leaf.reader().getNumericDocValues(ORD);
      for (int d = ords.nextDoc(); d != NumericDocValues.NO_MORE_DOCS; d = ords.nextDoc()) {
        rowOfDoc[leaf.docBase + d] = (int) ords.longValue();
      }
    }
    this.dimension = dimension;
    this.m = m;
    this.beamWidth = beamWidth;
    this.efSearch = efSearch;
    this.threads = threads;
  }

  /**
   * Builds a graph over {@code matrix} in a temporary directory that is deleted on {@link #close()}.
   *
   * @param m maximum connections per node (Lucene's maxConn), e.g. 16
   * @param beamWidth candidates explored while building (efConstruction), e.g. 100
   * @param efSearch candidates explored per query, ≥ 1
   */
  public static LuceneHnswIndex build(float[] matrix, int dimension, int m, int beamWidth, int efSearch, int threads)
      throws IOException {
    Path tmp = Files.createTempDirectory("foil-hnsw-");
    try {
      write(matrix, dimension, m, beamWidth, threads, tmp);
      return new LuceneHnswIndex(tmp, true, dimension, m, beamWidth, efSearch, threads);
    } catch (IOException | RuntimeException e) {
      StagingDirectory.deleteRecursively(tmp);
      throw e;
    }
  }

  private static void write(float[] matrix, int dimension, int m, int beamWidth, int threads, Path dir) throws IOException {
    if (m < 2 || beamWidth < 1) {
      throw new IllegalArgumentException("illegal HNSW settings: m=" + m + ", beamWidth=" + beamWidth);
    }
    int n = matrix.length / dimension;
    try (WorkerPool mergePool = new WorkerPool("foil-hnsw-merge", threads);
        FSDirectory fs = FSDirectory.open(dir)) {
      KnnVectorsFormat format = threads > 1
          ? new Lucene99HnswVectorsFormat(m, beamWidth, threads, mergePool.executor())
          : new Lucene99HnswVectorsFormat(m, beamWidth);
      IndexWriterConfig config = new IndexWriterConfig()
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
          .setRAMBufferSizeMB(512)
          .setCodec(new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return format;
            }
          });
      try (IndexWriter w = new IndexWriter(fs, config)) {
        for (int r = 0; r < n; r++) {
          Document doc = new Document();
          doc.add(new KnnFloatVectorField(FIELD, Arrays.copyOfRange(matrix, r * dimension, (r + 1) * dimension),
              VectorSimilarityFunction.DOT_PRODUCT));
          doc.add(new NumericDocValuesField(ORD, r));
          w.addDocument(doc);
        }
        w.forceMerge(1);
        w.commit();
      }
    }
  }

  @Override
  public String description() {
    return "hnsw(lucene, m=" + m + ", beamWidth=" + beamWidth + ", efSearch=" + efSearch + ")";
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return reader.numDocs();
  }

  @Override
  public Hits search(float[] queries, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    int n = queries.length / dimension;
    int[] rows = new int[n * k];
    float[] scores = new float[n * k];
    Arrays.fill(rows, -1);
    Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    try (WorkerPool pool = new WorkerPool("foil-hnsw", threads)) {
      pool.parallelFor(n, threads, (from, to) -> {
        for (int q = from; q < to; q++) {
          float[] v = Arrays.copyOfRange(queries, q * dimension, (q + 1) * dimension);
          TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, v, Math.max(k, efSearch)), k);
          ScoreDoc[] hits = top.scoreDocs;
          for (int i = 0; i < Math.min(k, hits.length); i++) {
            rows[q * k + i] = rowOfDoc[hits[i].doc];
            scores[q * k + i] = 2 * hits[i].score - 1; // DOT_PRODUCT scores are (1 + dot) / 2
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Hits(k, rows, scores);
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
      if (deleteOnClose) {
        StagingDirectory.deleteRecursively(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
