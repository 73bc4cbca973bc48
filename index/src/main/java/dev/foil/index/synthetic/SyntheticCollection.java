package dev.foil.index.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.io.StagingDirectory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a seeded BEIR-layout collection whose relevance is known exactly, for the quickstart and
 * for measuring samplers against false negatives.
 *
 * <p>The world: {@code topics} topics, each with its own words plus words borrowed from the next
 * topic (overlapping vocabularies), over a Zipf-distributed background vocabulary. Each query asks
 * about a facet of its topic named by three facet words and one topic word; each facet word has a
 * synonym, so some relevant documents use other words than the query (BM25 is not perfect), and
 * other documents of the topic reuse one or two facet words without being relevant (BM25 is not
 * useless either). A query has one primary relevant document (grade 2, always judged) and up to three
 * partial ones (grade 1, each judged with probability {@code judgedFraction}). Some documents get a
 * near-duplicate (a copy with a tenth of its words replaced); a near-duplicate of a relevant document
 * is relevant and never judged.
 *
 * <p>Relevant documents that are not judged are the <em>planted false negatives</em>: they are
 * missing from {@code qrels/<split>.tsv} but listed in {@code planted-false-negatives.tsv} and in
 * {@code complete-qrels/<split>.tsv}. Every output is a function of the parameters alone.
 */
public final class SyntheticCollection {
  /** File listing the planted false negatives: query-id, corpus-id, grade, reason. */
  public static final String PLANTED_FILE = "planted-false-negatives.tsv";

  /**
   * The kind of output directory a generated collection is; {@value #MANIFEST_FILE}, which only the
   * generator writes, identifies collections generated before markers existed.
   */
  public static final StagingDirectory.Kind KIND = new StagingDirectory.Kind("synthetic-collection", SyntheticCollection.MANIFEST_FILE);
  /** Directory with judgments that include the planted false negatives. */
  public static final String COMPLETE_QRELS_DIR = "complete-qrels";
  /** Manifest of the generation parameters and counts. */
  public static final String MANIFEST_FILE = "synthetic.json";

  private static final String[] STOPWORDS = {"the", "of", "and", "in", "a", "is", "for", "with", "to"};
  private static final String[] QUESTION_WORDS = {"what", "how", "does", "which", "why"};
  private static final double SYNONYM_IN_PARTIAL = 0.6;
  private static final double SYNONYM_IN_QUERY = 0.35;
  private static final double SYNONYM_IN_PRIMARY = 0.2;

  /**
   * What to generate.
   *
   * @param seed fixes every output
   * @param topics number of topics, ≥ 2
   * @param docsPerTopic documents per topic before near-duplicates, ≥ 4 × queries per topic
   * @param queriesPerTopic queries per topic, ≥ 1
   * @param testFraction fraction of queries in the test split, in [0, 1]
   * @param judgedFraction probability that a partially relevant document is judged, in [0, 1]
   * @param nearDuplicateRate probability that a document gets a near-duplicate, in [0, 1]
   */
  public record Parameters(
      long seed,
      int topics,
      int docsPerTopic,
      int queriesPerTopic,
      double testFraction,
      double judgedFraction,
      double nearDuplicateRate) {

    /** The quickstart's collection: 20 topics, about 2,100 documents and 200 queries. */
    public static Parameters defaults(long seed) {
      return new Parameters(seed, 20, 100, 10, 0.5, 0.5, 0.05);
    }

    /**
     * The quickstart's proportions at another size: {@code topics} topics of {@code queriesPerTopic}
     * queries and ten times as many documents each ({@code foil generate}).
     */
    public static Parameters sized(long seed, int topics, int queriesPerTopic) {
      Parameters d = defaults(seed);
      return new Parameters(seed, topics, 10 * queriesPerTopic, queriesPerTopic, d.testFraction(), d.judgedFraction(),
          d.nearDuplicateRate());
    }

    /** These parameters with {@code docsPerTopic} documents per topic: the corpus size apart from the queries. */
    public Parameters withDocsPerTopic(int docsPerTopic) {
      return new Parameters(seed, topics, docsPerTopic, queriesPerTopic, testFraction, judgedFraction,
          nearDuplicateRate);
    }

    public Parameters {
      if (topics < 2) {
        throw new IllegalArgumentException("illegal topics value: " + topics + ", must be at least 2");
      }
      if (queriesPerTopic < 1) {
        throw new IllegalArgumentException(
            "illegal queriesPerTopic value: " + queriesPerTopic + ", must be at least 1");
      }
      if (docsPerTopic < 4 * queriesPerTopic) {
        throw new IllegalArgumentException(
            "illegal docsPerTopic value: " + docsPerTopic + ", must be at least 4 x queriesPerTopic = "
                + 4 * queriesPerTopic);
      }
      checkFraction("testFraction", testFraction);
      checkFraction("judgedFraction", judgedFraction);
      checkFraction("nearDuplicateRate", nearDuplicateRate);
    }

    private static void checkFraction(String name, double v) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("illegal " + name + " value: " + v + ", must be between 0 and 1");
      }
    }
  }

  /**
   * What was generated.
   *
   * @param documents corpus size, near-duplicates included
   * @param nearDuplicates documents that are near-duplicates of another
   * @param trainQueries queries in the train split
   * @param testQueries queries in the test split
   * @param judgments lines in the judged qrels of both splits
   * @param plantedFalseNegatives relevant (query, document) pairs left unjudged
   */
  public record Summary(
      int documents, int nearDuplicates, int trainQueries, int testQueries, int judgments,
      int plantedFalseNegatives) {
    /** One line describing the collection generated with {@code seed}. */
    public String describe(long seed) {
      return String.format(java.util.Locale.ROOT,
          "synthetic collection (seed %d): %,d documents (%d near-duplicates), %d train + %d test queries, "
              + "%,d judgments, %d planted false negatives", seed, documents, nearDuplicates, trainQueries,
          testQueries, judgments, plantedFalseNegatives);
    }
  }

  private SyntheticCollection() {}

  /** Generates the collection into {@code dir}, atomically. */
  public static Summary write(Parameters p, Path dir, boolean overwrite) throws IOException {
    World w = new World(p);
    try (StagingDirectory staging = StagingDirectory.create(dir, KIND, overwrite)) {
      Summary s = w.write(staging.path());
      staging.commit();
      return s;
    }
  }

  private record Doc(String title, String text) {}

  private record Judgment(int query, int doc, int grade, boolean judged, String reason) {}

  /**
   * Digits of the random document ids of a collection of {@code n} documents: six while they leave
   * the draw at least half of the range free, more beyond.
   */
  static int idDigits(int n) {
    int digits = 6;
    while (n > 9 * (long) Math.pow(10, digits - 1) / 2) {
      digits++;
    }
    if (digits > 9) {
      throw new IllegalArgumentException("cannot draw " + n + " distinct document ids of at most 9 digits");
    }
    return digits;
  }

  /** The whole generated world, built in memory (collections are small) then written. */
  private static final class World {
    private final Parameters p;
    private final SplittableRandom rng;
    private final PseudoWords words;
    private final String[] background;
    private final double[] backgroundCdf;
    private final String[][] topicWords;
    private final List<Doc> docs = new ArrayList<>();
    private final List<String> queryTexts = new ArrayList<>();
    private final List<Boolean> queryIsTest = new ArrayList<>();
    private final List<Judgment> judgments = new ArrayList<>();
    private int nearDuplicates;

    World(Parameters p) {
      this.p = p;
      this.rng = new SplittableRandom(p.seed());
      this.words = new PseudoWords(rng);
      this.background = words.next(1500);
      this.backgroundCdf = zipfCdf(background.length);
      String[][] own = new String[p.topics()][];
      for (int t = 0; t < p.topics(); t++) {
        own[t] = words.next(60);
      }
      // Each topic borrows a quarter of its neighbour's words: vocabularies overlap.
      this.topicWords = new String[p.topics()][];
      for (int t = 0; t < p.topics(); t++) {
        String[] next = own[(t + 1) % p.topics()];
        topicWords[t] = Arrays.copyOf(own[t], own[t].length + 20);
        System.arraycopy(next, 0, topicWords[t], own[t].length, 20);
      }
      generate();
    }

    private void generate() {
      for (int t = 0; t < p.topics(); t++) {
        int firstDoc = docs.size();
        List<String[]> topicFacets = new ArrayList<>();
        for (int j = 0; j < p.queriesPerTopic(); j++) {
          int q = queryTexts.size();
          String[] facet = words.next(3);
          String[] synonyms = words.next(3);
          String anchor = pick(topicWords[t]);
          topicFacets.add(facet);
          queryIsTest.add(rng.nextDouble() < p.testFraction());
          queryTexts.add(queryText(t, facet, synonyms, anchor));
          judgments.add(new Judgment(q, docs.size(), 2, true, null));
          String[] primary = withAnchor(facet, anchor);
          for (int i = 0; i < 3; i++) {
            if (rng.nextDouble() < SYNONYM_IN_PRIMARY) {
              primary[i] = synonyms[i];
            }
          }
          docs.add(document(t, primary));
          int partial = rng.nextInt(4);
          for (int r = 0; r < partial; r++) {
            List<String> keys = new ArrayList<>();
            if (rng.nextBoolean()) {
              keys.add(anchor);
            }
            for (int i = 0; i < 3; i++) {
              if (rng.nextDouble() < 0.6) {
                keys.add(rng.nextDouble() < SYNONYM_IN_PARTIAL ? synonyms[i] : facet[i]);
              }
            }
            boolean judged = rng.nextDouble() < p.judgedFraction();
            judgments.add(new Judgment(q, docs.size(), 1, judged, judged ? null : "unjudged-relevant"));
            docs.add(document(t, keys.toArray(String[]::new)));
          }
        }
        // The rest of the topic: non-relevant documents, half of them reusing a query's facet words.
        int queryBase = queryTexts.size() - p.queriesPerTopic();
        while (docs.size() - firstDoc < p.docsPerTopic()) {
          String[] keys = new String[0];
          if (rng.nextBoolean()) {
            int j = rng.nextInt(p.queriesPerTopic());
            String[] facet = topicFacets.get(j);
            keys = rng.nextBoolean() ? new String[] {pick(facet)} : twoOf(facet);
            if (rng.nextBoolean()) {
              keys = withAnchor(keys, pick(topicWords[t]));
            }
            if (rng.nextDouble() < 0.3) {
              judgments.add(new Judgment(queryBase + j, docs.size(), 0, true, null));
            }
          }
          docs.add(document(t, keys));
        }
      }
      addNearDuplicates();
    }

    private void addNearDuplicates() {
      int original = docs.size();
      List<Judgment> copies = new ArrayList<>();
      Map<Integer, List<Judgment>> relevantByDoc = new LinkedHashMap<>();
      for (Judgment j : judgments) {
        if (j.grade() > 0) {
          relevantByDoc.computeIfAbsent(j.doc(), k -> new ArrayList<>()).add(j);
        }
      }
      for (int d = 0; d < original; d++) {
        if (rng.nextDouble() >= p.nearDuplicateRate()) {
          continue;
        }
        Doc src = docs.get(d);
        String[] tokens = src.text().split(" ");
        for (int i = 0; i < tokens.length; i++) {
          if (rng.nextDouble() < 0.1) {
            tokens[i] = backgroundWord();
          }
        }
        int copy = docs.size();
        docs.add(new Doc(src.title(), String.join(" ", tokens)));
        nearDuplicates++;
        for (Judgment j : relevantByDoc.getOrDefault(d, List.of())) {
          copies.add(new Judgment(j.query(), copy, j.grade(), false, "near-duplicate"));
        }
      }
      judgments.addAll(copies);
    }

    private String queryText(int topic, String[] facet, String[] synonyms, String anchor) {
      List<String> t = new ArrayList<>();
      int keep = 2 + rng.nextInt(2);
      int[] order = permutation(3);
      for (int i = 0; i < keep; i++) {
        int k = order[i];
        t.add(rng.nextDouble() < SYNONYM_IN_QUERY ? synonyms[k] : facet[k]);
      }
      t.add(anchor);
      int extra = 1 + rng.nextInt(2);
      for (int i = 0; i < extra; i++) {
        t.add(pick(topicWords[topic]));
      }
      shuffle(t);
      t.add(0, pick(QUESTION_WORDS));
      t.add(2, pick(STOPWORDS));
      return String.join(" ", t) + "?";
    }

    /** A document of {@code topic} in which each key word occurs one to three times. */
    private Doc document(int topic, String[] keys) {
      int length = 40 + rng.nextInt(100);
      List<String> tokens = new ArrayList<>(length + 12);
      for (String k : keys) {
        int n = 1 + rng.nextInt(3);
        for (int i = 0; i < n; i++) {
          tokens.add(k);
        }
      }
      while (tokens.size() < length) {
        double u = rng.nextDouble();
        tokens.add(u < 0.3 ? pick(topicWords[topic]) : u < 0.45 ? pick(STOPWORDS) : backgroundWord());
      }
      shuffle(tokens);
      List<String> title = new ArrayList<>();
      int titleLength = 3 + rng.nextInt(4);
      for (int i = 0; i < titleLength; i++) {
        title.add(keys.length > 0 && rng.nextDouble() < 0.3 ? pick(keys) : pick(topicWords[topic]));
      }
      return new Doc(String.join(" ", title), String.join(" ", tokens) + ".");
    }

    Summary write(Path dir) throws IOException {
      ObjectMapper json = new ObjectMapper();
      // Random distinct six-digit ids, like SciFact's, so that id order carries no information; more digits
      // for collections beyond 450,000 documents (the ids of smaller ones are unchanged).
      int digits = idDigits(docs.size());
      String[] docIds = distinctIds(docs.size(), (int) Math.pow(10, digits - 1), 9 * (int) Math.pow(10, digits - 1));
      int[] corpusOrder = permutation(docs.size());
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
        for (int d : corpusOrder) {
          ObjectNode n = json.createObjectNode();
          n.put("_id", docIds[d]).put("title", docs.get(d).title()).put("text", docs.get(d).text());
          out.write(json.writeValueAsString(n));
          out.write('\n');
        }
      }
      String[] queryIds = new String[queryTexts.size()];
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
        for (int q = 0; q < queryTexts.size(); q++) {
          queryIds[q] = "q" + (q + 1);
          ObjectNode n = json.createObjectNode();
          n.put("_id", queryIds[q]).put("text", queryTexts.get(q));
          out.write(json.writeValueAsString(n));
          out.write('\n');
        }
      }
      Files.createDirectories(dir.resolve("qrels"));
      Files.createDirectories(dir.resolve(COMPLETE_QRELS_DIR));
      int judged = 0;
      int planted = 0;
      int train = 0;
      for (boolean test : queryIsTest) {
        train += test ? 0 : 1;
      }
      for (String split : List.of("train", "test")) {
        boolean test = split.equals("test");
        try (BufferedWriter qrels = Files.newBufferedWriter(dir.resolve("qrels").resolve(split + ".tsv"));
            BufferedWriter complete =
                Files.newBufferedWriter(dir.resolve(COMPLETE_QRELS_DIR).resolve(split + ".tsv"))) {
          qrels.write("query-id\tcorpus-id\tscore\n");
          complete.write("query-id\tcorpus-id\tscore\n");
          for (Judgment j : judgments) {
            if (queryIsTest.get(j.query()) != test) {
              continue;
            }
            String line = queryIds[j.query()] + "\t" + docIds[j.doc()] + "\t" + j.grade() + "\n";
            if (j.judged()) {
              qrels.write(line);
              judged++;
            }
            if (j.judged() || j.grade() > 0) {
              complete.write(line);
            }
          }
        }
      }
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(PLANTED_FILE))) {
        out.write("query-id\tcorpus-id\tgrade\treason\tsplit\n");
        for (Judgment j : judgments) {
          if (!j.judged() && j.grade() > 0) {
            out.write(queryIds[j.query()] + "\t" + docIds[j.doc()] + "\t" + j.grade() + "\t" + j.reason()
                + "\t" + (queryIsTest.get(j.query()) ? "test" : "train") + "\n");
            planted++;
          }
        }
      }
      Summary s = new Summary(docs.size(), nearDuplicates, train, queryTexts.size() - train, judged, planted);
      ObjectNode m = json.createObjectNode();
      m.put("generator", "foil synthetic collection v1");
      m.set("parameters", json.valueToTree(p));
      m.set("counts", json.valueToTree(s));
      json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(MANIFEST_FILE).toFile(), m);
      return s;
    }

    private String[] distinctIds(int n, int base, int range) {
      if (n > range / 2) {
        // Rejection sampling slows without bound as n nears the range, and never ends beyond it.
        throw new IllegalArgumentException("cannot draw " + n + " distinct document ids from a range of " + range
            + " (at most " + range / 2 + " documents): use fewer topics or queries per topic");
      }
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) {
        int v;
        do {
          v = base + rng.nextInt(range);
        } while (!seen.add(v));
        ids[i] = Integer.toString(v);
      }
      return ids;
    }

    private static String[] withAnchor(String[] facet, String anchor) {
      String[] keys = Arrays.copyOf(facet, facet.length + 1);
      keys[facet.length] = anchor;
      return keys;
    }

    private String[] twoOf(String[] a) {
      int[] o = permutation(a.length);
      return new String[] {a[o[0]], a[o[1]]};
    }

    private String pick(String[] a) {
      return a[rng.nextInt(a.length)];
    }

    private String backgroundWord() {
      int i = Arrays.binarySearch(backgroundCdf, rng.nextDouble());
      return background[Math.min(i < 0 ? -i - 1 : i, background.length - 1)];
    }

    private static double[] zipfCdf(int n) {
      double[] cdf = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += 1.0 / (i + 1);
        cdf[i] = sum;
      }
      for (int i = 0; i < n; i++) {
        cdf[i] /= sum;
      }
      return cdf;
    }

    private int[] permutation(int n) {
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      return a;
    }

    private <T> void shuffle(List<T> list) {
      for (int i = list.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        T t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
      }
    }
  }
}
