package dev.foil.samplers.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.DocIds;
import dev.foil.index.data.BeirTexts;
import dev.foil.index.data.Document;
import dev.foil.index.data.Query;
import dev.foil.samplers.pipeline.Explanation;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every training format round-trips: what {@link TrainingFormat} writes for an example,
 * {@link TrainingSetReader} reads back as that example (texts with quotes, newlines and any
 * non-surrogate character; NaN scores; weights; explanations), in the shape each layout has.
 */
class TrainingFormatRoundTripProperties {
  /** A mined example over its own small corpus. */
  record Case(MinedExample example, List<Document> docs) {
    DocIds ids() {
      return DocIds.of(docs.stream().map(Document::id).toArray(String[]::new));
    }

    TextLookup texts() {
      return docs::get;
    }

    String contents(int ord) {
      return docs.get(ord).contents();
    }
  }

  private static Arbitrary<String> text() {
    return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(24);
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> corpusSize = Arbitraries.integers().between(2, 9);
    return corpusSize.flatMap(size -> Combinators.combine(
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6),
        text(),
        text().list().ofSize(size),
        text().list().ofSize(size),
        Arbitraries.integers().between(1, Math.min(3, size - 1)),
        Arbitraries.integers().between(0, 5),
        Arbitraries.randomValue(r -> r.nextLong()))
        .as((String qid, String query, List<String> titles, List<String> texts, Integer positives,
            Integer negatives, Long seed) -> build(size, qid, query, titles, texts, positives, negatives, seed)));
  }

  private static Case build(int size, String qid, String query, List<String> titles, List<String> texts,
      int positives, int negatives, long seed) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      docs.add(new Document("d" + i, titles.get(i), texts.get(i)));
    }
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    int[] pos = new int[positives];
    float[] posScores = new float[positives];
    for (int i = 0; i < positives; i++) {
      pos[i] = i;
      posScores[i] = rng.nextInt(4) == 0 ? Float.NaN : (float) rng.nextDouble(-50, 50);
    }
    List<Negative> negs = new ArrayList<>();
    for (int i = 0; i < negatives; i++) {
      int doc = positives + rng.nextInt(size - positives);
      boolean topUp = rng.nextInt(3) == 0;
      String source = topUp ? "corpus" : rng.nextBoolean() ? "bm25" : "dense";
      String reason = topUp ? "top-up(random)" : "simans(a=" + rng.nextInt(9) + ",b=0)";
      float score = topUp ? Float.NaN : (float) rng.nextDouble(-50, 50);
      negs.add(new Negative(doc, score, topUp ? 0 : 1 + rng.nextInt(200), source, rng.nextDouble(0, 3), reason, topUp));
    }
    List<Explanation> explanations = new ArrayList<>();
    if (rng.nextBoolean()) {
      for (Negative g : negs) {
        Map<String, Double> factors = new LinkedHashMap<>();
        if (rng.nextBoolean()) {
          factors.put("fn-reweight", rng.nextDouble());
        }
        if (rng.nextBoolean()) {
          factors.put("cet", rng.nextDouble(0, 3));
        }
        explanations.add(new Explanation(g.topUp() ? g.reason() : "sampler " + g.reason(),
            g.topUp() ? List.of("positives") : List.of("positives", "text-duplicates", "fn-drop(0.5)"), g.score(),
            g.rank(), g.topUp() || rng.nextBoolean() ? null : rng.nextDouble(), rng.nextBoolean() ? null : rng.nextDouble(),
            factors));
      }
    }
    MinedExample.TeacherScores teacher = null;
    if (rng.nextBoolean()) {
      float[] tp = new float[positives];
      float[] tn = new float[negatives];
      for (int i = 0; i < positives; i++) {
        tp[i] = (float) rng.nextDouble(-10, 10);
      }
      for (int i = 0; i < negatives; i++) {
        tn[i] = (float) rng.nextDouble(-10, 10);
      }
      teacher = new MinedExample.TeacherScores(tp, tn);
    }
    return new Case(new MinedExample(new Query(qid, query), pos, posScores, negs, rng.nextInt(3), explanations, null,
        teacher), docs);
  }

  private static List<JsonNode> rows(ExampleWriter format, Case c) throws IOException {
    Path file = write(format, c);
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        out.add(new ObjectMapper().readTree(line));
      }
      return out;
    } finally {
      Files.delete(file);
    }
  }

  private static Path write(ExampleWriter format, Case c) throws IOException {
    Path file = Files.createTempFile("roundtrip", ".jsonl");
    Files.writeString(file, format.lines(c.example(), c.texts(), c.ids()), StandardCharsets.UTF_8);
    return file;
  }

  private static List<TrainingExample> readBack(ExampleWriter format, Case c) throws IOException {
    Path file = write(format, c);
    try {
      Map<String, String> queries = Map.of(c.example().query().id(), c.example().query().text());
      Map<String, String> passages = new LinkedHashMap<>();
      c.docs().forEach(d -> passages.put(d.id(), d.contents()));
      return TrainingSetReader.read(file, () -> new BeirTexts(queries, passages));
    } finally {
      Files.delete(file);
    }
  }

  private static List<Passage> texts(Case c, int[] ords, boolean withIds) {
    List<Passage> out = new ArrayList<>();
    for (int o : ords) {
      out.add(new Passage(withIds ? c.docs().get(o).id() : null, c.contents(o), 1));
    }
    return out;
  }

  private static List<Passage> negatives(Case c, boolean withIds, boolean withWeights) {
    List<Passage> out = new ArrayList<>();
    for (Negative n : c.example().negatives()) {
      out.add(new Passage(withIds ? c.docs().get(n.doc()).id() : null, c.contents(n.doc()), withWeights ? n.weight() : 1));
    }
    return out;
  }

  @Property(tries = 150)
  void bgeRoundTrips(@ForAll("cases") Case c) throws IOException {
    MinedExample ex = c.example();
    assertEquals(List.of(new TrainingExample(null, ex.query().text(), texts(c, ex.positives(), false),
        negatives(c, false, false))), readBack(TrainingFormat.BGE, c));
  }

  /** bge carries a teacher's scores when one rescored the example, else the reference source's, in order. */
  @Property(tries = 150)
  void bgeScoresAreTheTeachersWhenThereIsOne(@ForAll("cases") Case c) throws IOException {
    MinedExample ex = c.example();
    Path file = write(TrainingFormat.BGE, c);
    try {
      JsonNode line = new ObjectMapper()
          .readTree(Files.readString(file));
      float[] pos = ex.teacher() != null ? ex.teacher().positives() : ex.positiveScores();
      for (int i = 0; i < pos.length; i++) {
        JsonNode s = line.get("pos_scores").get(i);
        assertEquals(Float.isNaN(pos[i]) ? null : pos[i], s.isNull() ? null : s.floatValue());
      }
      for (int i = 0; i < ex.negatives().size(); i++) {
        float want = ex.teacher() != null ? ex.teacher().negatives()[i] : ex.negatives().get(i).score();
        JsonNode s = line.get("neg_scores").get(i);
        assertEquals(Float.isNaN(want) ? null : want, s.isNull() ? null : s.floatValue());
      }
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 150)
  void tevatronRoundTrips(@ForAll("cases") Case c) throws IOException {
    MinedExample ex = c.example();
    assertEquals(List.of(new TrainingExample(ex.query().id(), ex.query().text(), texts(c, ex.positives(), true),
        negatives(c, true, false))), readBack(TrainingFormat.TEVATRON, c));
  }

  /** As sentence-transformers' {@code mine_hard_negatives} writes triplets: one row per positive × negative. */
  @Property(tries = 150)
  void tripletsAreOneRowPerPositiveAndNegative(@ForAll("cases") Case c) throws IOException {
    MinedExample ex = c.example();
    List<TrainingExample> expected = new ArrayList<>();
    List<Passage> negs = negatives(c, false, false);
    for (int p : ex.positives()) {
      for (Passage n : negs) {
        expected.add(new TrainingExample(null, ex.query().text(), texts(c, new int[] {p}, false), List.of(n)));
      }
    }
    assertEquals(expected, readBack(TrainingFormat.ST_TRIPLET, c));
    assertEquals(expected, readBack(TrainingFormat.ST_TRIPLET.withScores(), c), "score columns change no text");
  }

  /** One row per positive, the negatives by decreasing written score (missing scores last, ties in order). */
  @Property(tries = 150)
  void nTuplesAreOneRowPerPositiveWithEveryNegativeHardestFirst(@ForAll("cases") Case c) throws IOException {
    MinedExample ex = c.example();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ex.negatives().size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> {
      float x = ex.writtenScore(a);
      float y = ex.writtenScore(b);
      return Float.isNaN(x) || Float.isNaN(y) ? Boolean.compare(Float.isNaN(x), Float.isNaN(y)) : Float.compare(y, x);
    });
    List<Passage> all = negatives(c, false, false);
    List<Passage> sorted = order.stream().map(all::get).toList();
    List<TrainingExample> expected = new ArrayList<>();
    for (int p : ex.positives()) {
      expected.add(new TrainingExample(null, ex.query().text(), texts(c, new int[] {p}, false), sorted));
    }
    assertEquals(expected, readBack(TrainingFormat.ST_NTUPLE, c));
    for (JsonNode row : rows(TrainingFormat.ST_NTUPLE.withScores(), c)) {
      JsonNode s = row.get("scores");
      assertEquals(1 + ex.negatives().size(), s.size(), "scores: the positive's, then each negative's");
      for (int i = 0; i < order.size(); i++) {
        float want = ex.writtenScore(order.get(i));
        assertEquals(Float.isNaN(want) ? null : want, s.get(i + 1).isNull() ? null : s.get(i + 1).floatValue());
      }
    }
  }

  /**
   * {@code --columns} names which column plays which part: here the query is not the first column, and
   * the negatives of an n-tuple are numbered columns of another name, which reading by position misses.
   */
  @net.jqwik.api.Example
  void aColumnMappingReadsFilesWhoseColumnsAreNamedAfterTheirDataset() throws IOException {
    Path file = Files.createTempFile("st-columns", ".jsonl");
    try {
      Files.writeString(file, """
          {"id":"7","question":"q1","answer":"a1","hard_1":"n1","hard_2":"n2","query":"ignored"}
          {"id":"8","question":"q2","answer":"a2","hard_1":"n3"}
          """);
      Columns columns = Columns.parse("query=question, positive=answer, negative=hard");
      assertEquals(List.of(
          new TrainingExample(null, "q1", List.of(new Passage(null, "a1", 1)),
              List.of(new Passage(null, "n1", 1), new Passage(null, "n2", 1))),
          new TrainingExample(null, "q2", List.of(new Passage(null, "a2", 1)), List.of(new Passage(null, "n3", 1)))),
          TrainingSetReader.read(file, null, columns));
      assertEquals("q1", new TrainingSet(file, null, columns).read().get(0).query(), "a training set carries it");
      // By position the first column, an id, would be the query: the mapping is what makes this file readable.
      assertEquals("7", TrainingSetReader.read(file, (TrainingSetReader.TextSource) null).get(0).query());

      var missing = org.junit.jupiter.api.Assertions.assertThrows(dev.foil.index.data.InputFormatException.class,
          () -> TrainingSetReader.read(file, null, Columns.parse("query=prompt,positive=answer")));
      assertTrue(missing.getMessage().contains(file + ":1") && missing.getMessage().contains("prompt")
          && missing.getMessage().contains("missing"), missing.getMessage());
      var bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> Columns.parse("question=q"));
      assertTrue(bad.getMessage().contains("'question=q' is not ROLE=COLUMN"), bad.getMessage());
    } finally {
      Files.delete(file);
    }
  }

  /**
   * A file sentence-transformers wrote from a dataset whose columns are {@code query} and {@code answer}
   * is read by position: the first column is the anchor, the second the positive.
   */
  @net.jqwik.api.Example
  void sentenceTransformersColumnsAreReadByPosition() throws IOException {
    Path file = Files.createTempFile("st", ".jsonl");
    try {
      Files.writeString(file, """
          {"query":"q1","answer":"a1","negative":"n1","scores":[0.9,0.2]}
          {"question":"q2","text":["a2","n2","n3"],"labels":[1,0,0]}
          """);
      assertEquals(List.of(
          new TrainingExample(null, "q1", List.of(new Passage(null, "a1", 1)), List.of(new Passage(null, "n1", 1))),
          new TrainingExample(null, "q2", List.of(new Passage(null, "a2", 1)),
              List.of(new Passage(null, "n2", 1), new Passage(null, "n3", 1)))),
          TrainingSetReader.read(file, (TrainingSetReader.TextSource) null));
    } finally {
      Files.delete(file);
    }
  }

  /** bge names the retriever's query instruction in FlagEmbedding's {@code prompt} field, and only when there is one. */
  @Property(tries = 30)
  void bgeCarriesThePromptWhenQueriesWerePrefixed(@ForAll("cases") Case c) throws IOException {
    JsonNode with = rows(TrainingFormat.BGE.withPrompt("query: "), c).get(0);
    assertEquals("query: ", with.get("prompt").asText());
    assertEquals(false, rows(TrainingFormat.BGE.withPrompt(""), c).get(0).has("prompt"));
    assertEquals(readBack(TrainingFormat.BGE, c), readBack(TrainingFormat.BGE.withPrompt("query: "), c));
  }

  /** Labeled pairs: the positives (label 1), then the negatives (label 0), read back as one example. */
  @Property(tries = 150)
  void labeledPairsRoundTrip(@ForAll("cases") Case c) throws IOException {
    MinedExample ex = c.example();
    List<TrainingExample> expected = List.of(new TrainingExample(null, ex.query().text(),
        texts(c, ex.positives(), false), negatives(c, false, false)));
    assertEquals(expected, readBack(TrainingFormat.ST_LABELED_PAIR, c));
    List<JsonNode> rows = rows(TrainingFormat.ST_LABELED_PAIR.withScores(), c);
    assertEquals(ex.positives().length + ex.negatives().size(), rows.size());
    for (int i = 0; i < ex.negatives().size(); i++) {
      float want = ex.writtenScore(i);
      JsonNode s = rows.get(ex.positives().length + i).get("score");
      assertEquals(Float.isNaN(want) ? null : want, s.isNull() ? null : s.floatValue());
    }
  }

  /** Labeled lists: one row per positive, [the positive, the negatives…] with labels [1, 0, …] or scores. */
  @Property(tries = 150)
  void labeledListsRoundTrip(@ForAll("cases") Case c) throws IOException {
    MinedExample ex = c.example();
    List<TrainingExample> expected = new ArrayList<>();
    for (int p : ex.positives()) {
      expected.add(new TrainingExample(null, ex.query().text(), texts(c, new int[] {p}, false),
          negatives(c, false, false)));
    }
    assertEquals(expected, readBack(TrainingFormat.ST_LABELED_LIST, c));
    assertEquals(expected, readBack(TrainingFormat.ST_LABELED_LIST.withScores(), c), "with scores the first is the positive");
  }

  @Property(tries = 150)
  void idsRoundTripsWithEveryField(@ForAll("cases") Case c) throws IOException {
    MinedExample ex = c.example();
    assertEquals(List.of(new TrainingExample(ex.query().id(), ex.query().text(), texts(c, ex.positives(), true),
        negatives(c, true, true))), readBack(TrainingFormat.IDS, c));
    Path file = write(TrainingFormat.IDS, c);
    try {
      List<IdsLine> lines = TrainingSetReader.readIds(file);
      assertEquals(1, lines.size());
      IdsLine line = lines.get(0);
      assertEquals(ex.query().id(), line.queryId());
      assertEquals(texts(c, ex.positives(), true).stream().map(Passage::id).toList(), line.positives());
      assertArrayEquals(ex.positiveScores(), line.positiveScores());
      assertEquals(ex.shortfall(), line.shortfall());
      assertEquals(ex.negatives().size(), line.negatives().size());
      for (int i = 0; i < ex.negatives().size(); i++) {
        Negative n = ex.negatives().get(i);
        assertEquals(new IdsLine.Negative(c.docs().get(n.doc()).id(), n.rank(), n.score(), n.weight(), n.source(),
            n.reason(), n.topUp(), ex.explanations().isEmpty() ? null : ex.explanations().get(i)),
            line.negatives().get(i));
      }
      JsonNode raw = new ObjectMapper().readTree(Files.readString(file));
      assertEquals(ex.teacher() != null, raw.has("teacher_positive_scores"));
      assertEquals(ex.teacher() != null, raw.has("teacher_negative_scores"));
      if (ex.teacher() != null) {
        for (int i = 0; i < ex.teacher().negatives().length; i++) {
          assertEquals(ex.teacher().negatives()[i], raw.get("teacher_negative_scores").get(i).floatValue());
        }
      }
    } finally {
      Files.delete(file);
    }
  }
}
