package dev.foil.index.lucene;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.WorkerPool;
import dev.foil.index.data.Document;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;

/**
 * BM25 retrieval over an index built by {@link Bm25Indexer}: the lexical {@link CandidateSource}.
 *
 * <p>Query text is analysed with the index's own analysis chain and turned into a bag of words, one
 * {@code SHOULD} term clause per distinct term boosted by its count in the query, as Anserini's
 * {@code BagOfWordsQueryGenerator} does; it is never parsed as query syntax, so {@code ? - : / "}
 * in a claim are plain text. Hits are ordered by score descending, then by document id ascending.
 * BM25 parameters can differ from the index's defaults without reindexing, because Lucene's BM25
 * norms do not depend on them.
 */
public final class Bm25Index implements CandidateSource {
  private static final Sort SCORE_THEN_ID =
      new Sort(SortField.FIELD_SCORE, new SortField(Bm25Indexer.ID, SortField.Type.STRING));

  private final Path dir;
  private final IndexManifest manifest;
  private final Bm25Parameters parameters;
  private final DocIds docIds;
  private final FSDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Analyzer analyzer;
  private final int[] ordinalOfDoc;
  private final int[] docOfOrdinal;

  private Bm25Index(Path dir, IndexManifest manifest, Bm25Parameters parameters) throws IOException {
    this.dir = dir;
    this.manifest = manifest;
    this.parameters = parameters;
    this.docIds = DocIds.of(Files.readAllLines(dir.resolve(Bm25Indexer.DOC_IDS_FILE), StandardCharsets.UTF_8));
    this.directory = FSDirectory.open(dir);
    boolean ok = false;
    try {
      this.reader = DirectoryReader.open(directory);
      if (reader.numDocs() != docIds.size() || reader.numDocs() != manifest.documents()) {
        throw new InputFormatException(
            dir, 0, null,
            "index holds " + reader.numDocs() + " documents but its id table "
                + docIds.size() + " and manifest " + manifest.documents() + "; rebuild the index");
      }
      this.searcher = new IndexSearcher(reader);
      searcher.setSimilarity(parameters.similarity());
      this.analyzer = manifest.textAnalysis().newAnalyzer();
      this.ordinalOfDoc = new int[reader.maxDoc()];
      this.docOfOrdinal = new int[docIds.size()];
      for (LeafReaderContext leaf : reader.leaves()) {
        NumericDocValues ords = leaf.reader().getNumericDocValues(Bm25Indexer.ORD);
        for (int d = ords.nextDoc(); d != NumericDocValues.NO_MORE_DOCS; d = ords.nextDoc()) {
          int ord = (int) ords.longValue();
          ordinalOfDoc[leaf.docBase + d] = ord;
          docOfOrdinal[ord] = leaf.docBase + d;
        }
      }
      ok = true;
    } finally {
      if (!ok) {
        directory.close();
      }
    }
  }

  /** Opens the index at {@code dir} with the BM25 parameters it was built with. */
  public static Bm25Index open(Path dir) throws IOException {
    IndexManifest manifest = IndexManifest.read(dir);
    return new Bm25Index(dir, manifest, manifest.bm25());
  }

  /** Opens the index at {@code dir}, scoring with {@code parameters}. */
  public static Bm25Index open(Path dir, Bm25Parameters parameters) throws IOException {
    return new Bm25Index(dir, IndexManifest.read(dir), parameters);
  }

  @Override
  public String name() {
    return "bm25";
  }

  @Override
  public DocIds docIds() {
    return docIds;
  }

  /** What the index was built from and how. */
  public IndexManifest manifest() {
    return manifest;
  }

  /** The BM25 parameters this instance scores with. */
  public Bm25Parameters parameters() {
    return parameters;
  }

  /** The stored title and text of the document at {@code ordinal}. */
  public Document document(int ordinal) throws IOException {
    StoredFields stored = reader.storedFields();
    var d = stored.document(docOfOrdinal[ordinal]);
    return new Document(docIds.id(ordinal), d.get(Bm25Indexer.TITLE), d.get(Bm25Indexer.TEXT));
  }

  /**
   * The Lucene query for {@code text}: a disjunction of its analysed terms, each boosted by how often
   * it occurs. Empty when the text has no indexable term.
   */
  public BooleanQuery toLuceneQuery(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    try (TokenStream ts = analyzer.tokenStream(Bm25Indexer.CONTENTS, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        counts.merge(term.toString(), 1, Integer::sum);
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // analysing a String does no I/O
    }
    BooleanQuery.Builder bq = new BooleanQuery.Builder();
    for (var e : counts.entrySet()) {
      var tq = new TermQuery(new Term(Bm25Indexer.CONTENTS, e.getKey()));
      bq.add(e.getValue() == 1 ? tq : new BoostQuery(tq, e.getValue()), BooleanClause.Occur.SHOULD);
    }
    return bq.build();
  }

  @Override
  public CandidateList retrieve(Query query, int k) throws IOException {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    BooleanQuery q = toLuceneQuery(query.text());
    if (q.clauses().isEmpty()) {
      return CandidateList.empty(query.id());
    }
    if (q.clauses().size() > IndexSearcher.getMaxClauseCount()) {
      throw new IllegalArgumentException(
          "query " + query.id() + " has " + q.clauses().size() + " distinct terms, more than Lucene's limit of "
              + IndexSearcher.getMaxClauseCount());
    }
    TopFieldDocs top = searcher.search(q, Math.min(k, Math.max(1, reader.maxDoc())), SCORE_THEN_ID, true);
    ScoreDoc[] hits = top.scoreDocs;
    int[] docs = new int[hits.length];
    float[] scores = new float[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docs[i] = ordinalOfDoc[hits[i].doc];
      scores[i] = hits[i].score;
    }
    return new CandidateList(query.id(), docs, scores);
  }

  /**
   * BM25 scores of the given documents, from the same scorer a search runs (so a retrieved document
   * scores here what {@link #retrieve} gave it), each leaf's documents visited in order; a document the
   * query does not match scores 0.
   */
  @Override
  public float[] score(Query query, int[] docs) throws IOException {
    BooleanQuery q = toLuceneQuery(query.text());
    float[] scores = new float[docs.length];
    if (q.clauses().isEmpty() || docs.length == 0) {
      return scores;
    }
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Integer.compare(docOfOrdinal[docs[x]], docOfOrdinal[docs[y]]));
    Weight weight = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE, 1f);
    List<LeafReaderContext> leaves = reader.leaves();
    int leaf = -1;
    Scorer scorer = null;
    DocIdSetIterator it = null;
    for (int i : order) {
      int doc = docOfOrdinal[docs[i]];
      if (leaf < 0 || doc >= leaves.get(leaf).docBase + leaves.get(leaf).reader().maxDoc()) {
        leaf = org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves);
        scorer = weight.scorer(leaves.get(leaf));
        it = scorer == null ? null : scorer.iterator();
      }
      int target = doc - leaves.get(leaf).docBase;
      if (it != null && it.docID() < target) {
        it.advance(target);
      }
      scores[i] = it != null && it.docID() == target ? scorer.score() : 0f;
    }
    return scores;
  }

  @Override
  public List<CandidateList> retrieveAll(List<Query> queries, int k, int threads, ProgressListener progress)
      throws IOException {
    CandidateList[] out = new CandidateList[queries.size()];
    progress.start("search", queries.size(), "queries");
    if (threads == 1 || queries.size() == 1) { // on the caller's thread: no pool to start and stop per call
      try {
        for (int i = 0; i < out.length; i++) {
          out[i] = retrieve(queries.get(i), k);
          progress.advance(1);
        }
      } finally {
        progress.finish();
      }
      return Arrays.asList(out);
    }
    try (WorkerPool pool = new WorkerPool("foil-bm25", threads)) {
      pool.parallelFor(queries.size(), threads * 8, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = retrieve(queries.get(i), k);
          progress.advance(1);
        }
      });
    } finally {
      progress.finish();
    }
    return Arrays.asList(out);
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      analyzer.close();
      directory.close();
    }
  }

  @Override
  public String toString() {
    return "Bm25Index[" + dir + ", " + manifest.textAnalysis() + ", " + parameters + "]";
  }
}
