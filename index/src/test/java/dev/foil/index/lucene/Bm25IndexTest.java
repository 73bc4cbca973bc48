package dev.foil.index.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.CandidateList;
import dev.foil.index.ProgressListener;
import dev.foil.index.SelfMatchExclusion;
import dev.foil.index.data.Document;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.Query;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bm25IndexTest {
  @TempDir Path dir;

  private Path corpus(String... idAndText) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < idAndText.length; i += 2) {
      sb.append("{\"_id\":\"").append(idAndText[i]).append("\",\"title\":\"\",\"text\":\"")
          .append(idAndText[i + 1]).append("\"}\n");
    }
    Path p = dir.resolve("corpus.jsonl");
    Files.writeString(p, sb);
    return p;
  }

  private Bm25Index build(Path corpus) throws IOException {
    Path index = dir.resolve("index");
    new Bm25Indexer(TextAnalysis.ANSERINI_ENGLISH, Bm25Parameters.ANSERINI, 2)
        .build(corpus, index, true, ProgressListener.NONE);
    return Bm25Index.open(index);
  }

  /** Lucene's BM25 without the constant (k1 + 1) factor: idf · tf / (tf + k1 · (1 − b + b · dl / avgdl)). */
  private static double bm25(double tf, double df, double n, double dl, double avgdl, double k1, double b) {
    double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    return idf * tf / (tf + k1 * (1 - b + b * dl / avgdl));
  }

  @Test
  void scoresFollowTheBm25Formula() throws IOException {
    try (Bm25Index bm25 = build(corpus("a", "cat dog", "b", "cat cat fish", "c", "dog fish bird", "d", "the cat"))) {
      CandidateList hits = bm25.retrieve(new Query("q", "cat"), 10);
      assertEquals(3, hits.size());
      // Lengths after stop-word removal: 2, 3, 3, 1 -> avgdl 9/4; "cat" is in 3 of 4 documents.
      assertEquals("b", bm25.docIds().id(hits.doc(0)));
      assertEquals(bm25(2, 3, 4, 3, 2.25, 0.9, 0.4), hits.score(0), 1e-6);
      assertEquals("d", bm25.docIds().id(hits.doc(1)));
      assertEquals(bm25(1, 3, 4, 1, 2.25, 0.9, 0.4), hits.score(1), 1e-6);
      assertEquals(bm25(1, 3, 4, 2, 2.25, 0.9, 0.4), hits.score(2), 1e-6);
      assertEquals(9, bm25.manifest().totalTerms());
    }
  }

  @Test
  void parametersChangeWithoutReindexing() throws IOException {
    build(corpus("a", "cat dog", "b", "cat cat fish", "c", "dog fish bird", "d", "the cat")).close();
    try (Bm25Index custom = Bm25Index.open(dir.resolve("index"), new Bm25Parameters(1.2, 0.75))) {
      // With stronger length normalisation the one-word document "the cat" now beats "cat cat fish".
      CandidateList hits = custom.retrieve(new Query("q", "cat"), 2);
      assertEquals("d", custom.docIds().id(hits.doc(0)));
      assertEquals(bm25(1, 3, 4, 1, 2.25, 1.2, 0.75), hits.score(0), 1e-6);
      assertEquals(bm25(2, 3, 4, 3, 2.25, 1.2, 0.75), hits.score(1), 1e-6);
    }
  }

  @Test
  void repeatedQueryTermsCountLikeAnseriniBagOfWords() throws IOException {
    try (Bm25Index bm25 = build(corpus("a", "cat dog", "b", "cat cat fish", "c", "dog fish bird", "d", "the cat"))) {
      float once = bm25.retrieve(new Query("q", "fish"), 1).score(0);
      float twice = bm25.retrieve(new Query("q", "fish fish"), 1).score(0);
      assertEquals(2 * once, twice, 1e-6);
    }
  }

  @Test
  void tiesAreBrokenByIdAscending() throws IOException {
    try (Bm25Index bm25 = build(corpus("m", "same text", "c", "same text", "x", "same text", "a", "same text"))) {
      CandidateList hits = bm25.retrieve(new Query("q", "text"), 10);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < hits.size(); i++) {
        ids.add(bm25.docIds().id(hits.doc(i)));
      }
      assertEquals(List.of("a", "c", "m", "x"), ids);
      // Ordinals are corpus positions, not Lucene doc ids.
      assertEquals(3, hits.doc(0));
    }
  }

  @Test
  void queryTextIsNeverParsedAsSyntax() throws IOException {
    try (Bm25Index bm25 = build(corpus("a", "cat dog", "b", "fish bird"))) {
      CandidateList hits = bm25.retrieve(new Query("q", "cat? -dog: \"fish\" / AND OR ( [ ~ * ^2 \\\\"), 10);
      assertEquals(2, hits.size());
    }
  }

  @Test
  void stopWordOnlyQueryReturnsNothing() throws IOException {
    try (Bm25Index bm25 = build(corpus("a", "cat dog"))) {
      assertEquals(0, bm25.retrieve(new Query("q", "the and of"), 10).size());
      assertThrows(IllegalArgumentException.class, () -> bm25.retrieve(new Query("q", "cat"), 0));
    }
  }

  @Test
  void batchRetrievalDoesNotDependOnThreads() throws IOException {
    String[] docs = new String[200];
    String[] vocab = {"alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa"};
    for (int i = 0; i < 100; i++) {
      docs[2 * i] = "d" + i;
      docs[2 * i + 1] = vocab[i % 7] + " " + vocab[(i * 3) % 7] + " " + vocab[(i * 5 + 1) % 7];
    }
    try (Bm25Index bm25 = build(corpus(docs))) {
      List<Query> queries = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        queries.add(new Query("q" + i, vocab[i % 7] + " " + vocab[(i + 2) % 7]));
      }
      List<CandidateList> one = bm25.retrieveAll(queries, 15, 1, ProgressListener.NONE);
      List<CandidateList> four = bm25.retrieveAll(queries, 15, 4, ProgressListener.NONE);
      assertEquals(one, four);
      for (int i = 0; i < queries.size(); i++) {
        assertEquals(bm25.retrieve(queries.get(i), 15), one.get(i));
        assertEquals(15, one.get(i).size());
        for (int r = 1; r < one.get(i).size(); r++) {
          assertTrue(one.get(i).score(r - 1) >= one.get(i).score(r));
        }
      }
    }
  }

  /** Scoring given documents runs a search's scorer: in any order, with repeats, what retrieval gave; 0 for a non-match. */
  @Test
  void scoringGivenDocumentsGivesWhatRetrievalGave() throws IOException {
    String[] docs = new String[202];
    String[] vocab = {"alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa"};
    for (int i = 0; i < 100; i++) {
      docs[2 * i] = "d" + i;
      docs[2 * i + 1] = vocab[i % 7] + " " + vocab[(i * 3) % 7] + " " + vocab[(i * 5 + 1) % 7] + " " + vocab[i % 5];
    }
    docs[200] = "none";
    docs[201] = "zeta eta theta";
    try (Bm25Index bm25 = build(corpus(docs))) {
      int none = bm25.docIds().ordinal("none").getAsInt();
      for (int i = 0; i < 14; i++) {
        Query q = new Query("q" + i, vocab[i % 7] + " " + vocab[(i + 2) % 7] + (i % 2 == 0 ? " " + vocab[i % 7] : ""));
        CandidateList hits = bm25.retrieve(q, 1000);
        int n = hits.size();
        int[] asked = new int[n + 2];
        float[] expected = new float[n + 2];
        for (int r = 0; r < n; r++) { // reversed, so that ordinals are not asked in index order
          asked[r] = hits.doc(n - 1 - r);
          expected[r] = hits.score(n - 1 - r);
        }
        asked[n] = none;
        asked[n + 1] = hits.doc(0); // asked twice
        expected[n + 1] = hits.score(0);
        assertArrayEquals(expected, bm25.score(q, asked), q.text());
      }
      assertArrayEquals(new float[] {0f}, bm25.score(new Query("s", "the"), new int[] {none}), "a stop-word query");
    }
  }

  @Test
  void storedDocumentsComeBackByOrdinal() throws IOException {
    Path p = dir.resolve("corpus.jsonl");
    Files.writeString(p, "{\"_id\":\"x1\",\"title\":\"T1\",\"text\":\"one\"}\n{\"_id\":\"x2\",\"text\":\"two\"}\n");
    try (Bm25Index bm25 = build(p)) {
      assertEquals(new Document("x2", "", "two"), bm25.document(1));
      assertEquals(new Document("x1", "T1", "one"), bm25.document(0));
    }
  }

  @Test
  void badCorpusLeavesNoIndexBehind() throws IOException {
    Path bad = dir.resolve("corpus.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      sb.append("{\"_id\":\"d").append(i).append("\",\"text\":\"some text ").append(i).append("\"}\n");
    }
    sb.append("{\"_id\":\"broken\",\"text\":\n");
    Files.writeString(bad, sb);
    Path index = dir.resolve("index");
    InputFormatException e = assertThrows(InputFormatException.class,
        () -> Bm25Indexer.anseriniDefaults().build(bad, index, false, ProgressListener.NONE));
    assertEquals(2001, e.line());
    assertFalse(Files.exists(index));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(bad), left.toList(), "no staging directory may remain");
    }
  }

  @Test
  void existingIndexIsReplacedOnlyWhenAllowed() throws IOException {
    build(corpus("a", "cat")).close();
    Path index = dir.resolve("index");
    Path corpus = corpus("b", "dog");
    assertThrows(StagingDirectory.TargetExistsException.class,
        () -> Bm25Indexer.anseriniDefaults().build(corpus, index, false, ProgressListener.NONE));
    try (Bm25Index old = Bm25Index.open(index)) {
      assertEquals("a", old.docIds().id(0));
    }
    Bm25Indexer.anseriniDefaults().build(corpus, index, true, ProgressListener.NONE);
    try (Bm25Index fresh = Bm25Index.open(index)) {
      assertEquals("b", fresh.docIds().id(0));
    }
  }

  @Test
  void selfMatchExclusionDropsTheQueryDocumentAndKeepsK() throws IOException {
    try (Bm25Index bm25 = build(corpus("q1", "cat cat cat", "a", "cat dog", "b", "cat fish", "c", "cat bird"))) {
      var source = new SelfMatchExclusion(bm25);
      CandidateList hits = source.retrieve(new Query("q1", "cat"), 3);
      assertEquals(3, hits.size());
      for (int d : hits.docs()) {
        assertFalse(bm25.docIds().id(d).equals("q1"));
      }
      assertArrayEquals(
          source.retrieveAll(List.of(new Query("q1", "cat")), 3, 2, ProgressListener.NONE).get(0).docs(),
          hits.docs());
    }
  }
}
