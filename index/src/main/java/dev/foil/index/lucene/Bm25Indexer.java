package dev.foil.index.lucene;

import dev.foil.index.ProgressListener;
import dev.foil.index.ThreadBudget;
import dev.foil.index.WorkerPool;
import dev.foil.index.data.CorpusReader;
import dev.foil.index.data.Document;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.io.StagingDirectory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Version;

/**
 * Builds an on-disk Lucene BM25 index from a BEIR {@code corpus.jsonl}, streaming (the corpus never
 * needs to fit in memory) and analysing on several threads. The index is built in a staging
 * directory and renamed into place only when complete, so bad input leaves no index behind.
 *
 * <p>Each document gets its corpus ordinal (its position in the file) as a doc value; the ordinal,
 * not Lucene's internal doc id, is what {@link Bm25Index} returns, so every candidate source over the
 * same corpus speaks the same ids.
 */
public final class Bm25Indexer {
  static final String ID = "id";
  static final String ORD = "ord";
  static final String CONTENTS = "contents";
  static final String TITLE = "title";
  static final String TEXT = "text";
  static final String DOC_IDS_FILE = "doc-ids.txt";

  private static final int BATCH = 512;

  private final TextAnalysis analysis;
  private final Bm25Parameters defaults;
  private final int threads;
  private final long ramBufferMb;

  /**
   * @param analysis the analysis chain (queries against the index will use the same)
   * @param defaults BM25 parameters recorded as the index's defaults
   * @param threads analysis threads, ≥ 1
   */
  public Bm25Indexer(TextAnalysis analysis, Bm25Parameters defaults, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("illegal threads value: " + threads + ", must be at least 1");
    }
    this.analysis = analysis;
    this.defaults = defaults;
    this.threads = threads;
    // Lucene flushes a segment when its buffer fills, and flushing needs about as much again; an
    // eighth of the heap (at most 256 MB) keeps indexing within any heap, so a corpus larger than
    // the heap still indexes.
    this.ramBufferMb = Math.max(4, Math.min(256, Runtime.getRuntime().maxMemory() / (8 << 20)));
  }

  /** Anserini's analysis and BM25 defaults, on {@link ThreadBudget#threads()} threads. */
  public static Bm25Indexer anseriniDefaults() {
    return anseriniDefaults(ThreadBudget.threads());
  }

  /** Anserini's analysis and BM25 defaults, on {@code threads} threads. */
  public static Bm25Indexer anseriniDefaults(int threads) {
    return new Bm25Indexer(TextAnalysis.ANSERINI_ENGLISH, Bm25Parameters.ANSERINI, threads);
  }

  /**
   * Indexes {@code corpus} into {@code indexDir}.
   *
   * @param overwrite whether an existing non-empty {@code indexDir} may be replaced
   * @return the manifest written beside the index
   * @throws dev.foil.index.data.InputFormatException on bad input; nothing is left at {@code indexDir}
   */
  public IndexManifest build(Path corpus, Path indexDir, boolean overwrite, ProgressListener progress)
      throws IOException {
    try (StagingDirectory staging = StagingDirectory.create(indexDir, IndexManifest.KIND, overwrite, corpus);
        CorpusReader reader = CorpusReader.open(corpus)) {
      Path dir = staging.path();
      int count;
      long totalTerms;
      progress.start("index", reader.sizeBytes(), "bytes");
      try (var analyzer = analysis.newAnalyzer();
          FSDirectory fs = FSDirectory.open(dir);
          BufferedWriter ids = Files.newBufferedWriter(dir.resolve(DOC_IDS_FILE), StandardCharsets.UTF_8)) {
        IndexWriterConfig config =
            new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setSimilarity(defaults.similarity())
                .setRAMBufferSizeMB(ramBufferMb)
                .setMergeScheduler(new QuietMergeScheduler())
                .setUseCompoundFile(false);
        try (IndexWriter writer = new IndexWriter(fs, config)) {
          try {
            count = feed(reader, writer, ids, progress);
            if (count == 0) {
              throw new InputFormatException(corpus, 0, null, "no documents: an index needs at least one");
            }
          } catch (IOException | RuntimeException | Error e) {
            writer.rollback(); // nothing is committed; the staging directory is deleted next
            throw e;
          }
          writer.forceMerge(1);
          writer.commit();
        }
        try (DirectoryReader r = DirectoryReader.open(fs)) {
          totalTerms = r.getSumTotalTermFreq(CONTENTS);
        }
      } finally {
        progress.finish();
      }
      IndexManifest manifest =
          new IndexManifest(
              IndexManifest.FORMAT,
              corpus.toString(),
              reader.sha256(),
              count,
              totalTerms,
              analysis.toString(),
              analysis.stemmer(),
              analysis.stopwords(),
              defaults.k1(),
              defaults.b(),
              Version.LATEST.toString());
      manifest.write(dir);
      staging.commit();
      return manifest;
    }
  }

  /**
   * Lucene's concurrent merges, with a failed merge left to the writer: its default rethrows in the
   * merge thread, whose stack trace then lands on standard error before the writer reports the same
   * failure (out of disk space, say) to {@code forceMerge}/{@code commit} and so to the caller.
   */
  private static final class QuietMergeScheduler extends ConcurrentMergeScheduler {
    @Override
    protected void handleMergeException(Throwable exc) {
      // The writer has recorded the failure; forceMerge and commit throw it on the caller's thread.
    }
  }

  /** Reads documents on this thread and adds them in batches on {@code threads} workers. */
  private int feed(CorpusReader reader, IndexWriter writer, BufferedWriter ids, ProgressListener progress)
      throws IOException {
    ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
    int ordinal = 0;
    long reported = 0;
    try (WorkerPool pool = new WorkerPool("foil-index", threads)) {
      List<Document> batch = new ArrayList<>(BATCH);
      int batchStart = 0;
      Document d;
      while ((d = reader.next()) != null) {
        if (ordinal == Integer.MAX_VALUE) {
          throw new IOException("corpus has more than " + Integer.MAX_VALUE + " documents");
        }
        ids.write(d.id());
        ids.write('\n');
        batch.add(d);
        ordinal++;
        if (batch.size() == BATCH) {
          inFlight.add(submit(pool, writer, batch, batchStart));
          batch = new ArrayList<>(BATCH);
          batchStart = ordinal;
          // Bound the memory held by queued batches: wait for the oldest when too many are queued.
          while (inFlight.size() > 2 * threads) {
            WorkerPool.await(inFlight.poll());
          }
          long read = reader.bytesRead();
          progress.advance(read - reported);
          reported = read;
        }
      }
      if (!batch.isEmpty()) {
        inFlight.add(submit(pool, writer, batch, batchStart));
      }
      while (!inFlight.isEmpty()) {
        WorkerPool.await(inFlight.poll());
      }
      progress.advance(reader.sizeBytes() - reported);
      return ordinal;
    }
  }

  private static Future<?> submit(WorkerPool pool, IndexWriter writer, List<Document> batch, int start) {
    return pool.submit(
        () -> {
          int ord = start;
          for (Document d : batch) {
            writer.addDocument(toLucene(d, ord++));
          }
          return null;
        });
  }

  private static org.apache.lucene.document.Document toLucene(Document d, int ordinal) {
    var doc = new org.apache.lucene.document.Document();
    doc.add(new StringField(ID, d.id(), Field.Store.YES));
    // Sorting on the id breaks score ties deterministically (score desc, then id asc).
    doc.add(new SortedDocValuesField(ID, new BytesRef(d.id())));
    doc.add(new NumericDocValuesField(ORD, ordinal));
    doc.add(new TextField(CONTENTS, d.contents(), Field.Store.NO));
    doc.add(new StoredField(TITLE, d.title()));
    doc.add(new StoredField(TEXT, d.text()));
    return doc;
  }
}
