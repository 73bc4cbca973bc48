package dev.foil.samplers.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.DocIds;
import dev.foil.index.data.Document;
import dev.foil.samplers.pipeline.Explanation;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.util.Locale;
import java.util.TreeMap;

/**
 * JSON Lines layouts for mined examples, written here and read back by {@link TrainingSetReader}
 * (field names in {@link Fields}); passages are {@code title + " " + text}.
 *
 * <ul>
 *   <li>{@code bge} (FlagEmbedding): {@code {"query", "pos": [..], "neg": [..], "pos_scores", "neg_scores"}}, the
 *       scores a teacher's when one rescored the example ({@code foil mine --teacher}), else the reference
 *       source's, and {@code "prompt"} when the dense retriever prefixed queries with an instruction;
 *   <li>{@code tevatron}: {@code {"query_id", "query", "positive_passages": [{"docid","title","text"}],
 *       "negative_passages": [..]}};
 *   <li>{@code st-triplet} (sentence-transformers' {@code triplet}): one {@code {"anchor","positive","negative"}}
 *       row per positive × negative, as {@code mine_hard_negatives} writes them;
 *   <li>{@code st-ntuple} ({@code n-tuple}): one {@code {"anchor","positive","negative_1",…,"negative_n"}} row
 *       per positive, negatives by decreasing score;
 *   <li>{@code st-labeled-pair} ({@code labeled-pair}, for cross-encoder losses such as binary cross-entropy):
 *       one {@code {"anchor","positive","label"}} row per positive (label 1), then per negative (label 0);
 *   <li>{@code st-labeled-list} ({@code labeled-list}, for listwise losses): one {@code {"anchor",
 *       "positive": [the positive, the negatives…], "labels": [1, 0, …]}} row per positive;
 *   <li>{@code ids}: ids with every negative's rank, score, weight, source, reason and top-up flag, the
 *       shortfall, and with a teacher its {@code teacher_positive_scores} and {@code teacher_negative_scores}
 *       — the only format that carries weights; with explanations ({@code foil mine --explain}), each
 *       negative also has an {@code explain} object ({@link Explanation}).
 * </ul>
 *
 * <p>With scores ({@link #withScores}, {@code foil mine --include-scores}) the sentence-transformers
 * layouts carry them as {@code mine_hard_negatives(output_scores=True)} does: a {@code scores} list
 * [positive, negative…] on triplets and n-tuples, and {@code score} / {@code scores} in place of
 * {@code label} / {@code labels}. Scores are a teacher's when one rescored the example, else the
 * reference source's.
 */
public enum TrainingFormat implements ExampleWriter {
  BGE, TEVATRON, ST_TRIPLET, ST_NTUPLE, ST_LABELED_PAIR, ST_LABELED_LIST, IDS;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses a {@link #label}: {@code bge}, {@code tevatron}, {@code st-triplet}, … or {@code ids}. */
  public static TrainingFormat parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown format \"" + name + "\": use " + LABELS);
    }
  }

  /** The name {@link #parse} reads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every format's label, for messages. */
  public static final String LABELS = "bge, tevatron, st-triplet, st-ntuple, st-labeled-pair, st-labeled-list or ids";

  /** Whether this is one of sentence-transformers' layouts, which carry scores only when asked. */
  public boolean sentenceTransformers() {
    return name().startsWith("ST_");
  }

  /**
   * This layout with scores in sentence-transformers' columns.
   *
   * @throws IllegalArgumentException for a layout that is not sentence-transformers' ({@code bge} and
   *     {@code ids} always carry scores, {@code tevatron} none)
   */
  public ExampleWriter withScores() {
    if (!sentenceTransformers()) {
      throw new IllegalArgumentException("scores are added to the sentence-transformers layouts (st-*) only: bge and"
          + " ids always carry them, tevatron has none");
    }
    return (ex, texts, ids) -> lines(ex, texts, ids, true, "");
  }

  /**
   * {@code bge} with FlagEmbedding's {@code prompt} field on every line: the query instruction the
   * retriever used ({@code prompt} empty: plain {@code bge}). Other layouts have no such field.
   */
  public ExampleWriter withPrompt(String prompt) {
    if (this != BGE || prompt.isEmpty()) {
      return this;
    }
    return (ex, texts, ids) -> lines(ex, texts, ids, false, prompt);
  }

  /** The lines of one example, each ending in a newline. */
  @Override
  public String lines(MinedExample ex, TextLookup texts, DocIds ids) {
    return lines(ex, texts, ids, false, "");
  }

  private String lines(MinedExample ex, TextLookup texts, DocIds ids, boolean scores, String prompt) {
    StringBuilder out = new StringBuilder();
    float[] posScores = ex.writtenPositiveScores();
    switch (this) {
      case BGE -> {
        ObjectNode n = JSON.createObjectNode();
        n.put(Fields.QUERY, ex.query().text());
        ArrayNode pos = n.putArray(Fields.POS);
        for (int p : ex.positives()) {
          pos.add(texts.document(p).contents());
        }
        ArrayNode neg = n.putArray(Fields.NEG);
        for (Negative g : ex.negatives()) {
          neg.add(texts.document(g.doc()).contents());
        }
        ArrayNode ps = n.putArray(Fields.POS_SCORES);
        for (float s : ex.writtenPositiveScores()) {
          score(ps, s);
        }
        ArrayNode ns = n.putArray(Fields.NEG_SCORES);
        for (int i = 0; i < ex.negatives().size(); i++) {
          score(ns, ex.writtenScore(i));
        }
        if (!prompt.isEmpty()) {
          n.put(Fields.PROMPT, prompt);
        }
        line(out, n);
      }
      case TEVATRON -> {
        ObjectNode n = JSON.createObjectNode();
        n.put(Fields.QUERY_ID, ex.query().id());
        n.put(Fields.QUERY, ex.query().text());
        ArrayNode pos = n.putArray(Fields.POSITIVE_PASSAGES);
        for (int p : ex.positives()) {
          passage(pos.addObject(), ids.id(p), texts.document(p));
        }
        ArrayNode neg = n.putArray(Fields.NEGATIVE_PASSAGES);
        for (Negative g : ex.negatives()) {
          passage(neg.addObject(), ids.id(g.doc()), texts.document(g.doc()));
        }
        line(out, n);
      }
      case ST_TRIPLET -> {
        String[] negatives = negativeTexts(ex, texts);
        for (int p = 0; p < ex.positives().length; p++) {
          String positive = texts.document(ex.positives()[p]).contents();
          for (int i = 0; i < ex.negatives().size(); i++) {
            ObjectNode n = JSON.createObjectNode();
            n.put(Fields.ANCHOR, ex.query().text());
            n.put(Fields.POSITIVE, positive);
            n.put(Fields.NEGATIVE, negatives[i]);
            if (scores) {
              score(score(n.putArray(Fields.SCORES), posScores[p]), ex.writtenScore(i));
            }
            line(out, n);
          }
        }
      }
      case ST_NTUPLE -> {
        int[] order = byDecreasingScore(ex);
        String[] negatives = negativeTexts(ex, texts);
        for (int p = 0; p < ex.positives().length; p++) {
          ObjectNode n = JSON.createObjectNode();
          n.put(Fields.ANCHOR, ex.query().text());
          n.put(Fields.POSITIVE, texts.document(ex.positives()[p]).contents());
          for (int i = 0; i < order.length; i++) {
            n.put(Fields.NEGATIVE_PREFIX + (i + 1), negatives[order[i]]);
          }
          if (scores) {
            ArrayNode s = score(n.putArray(Fields.SCORES), posScores[p]);
            for (int i : order) {
              score(s, ex.writtenScore(i));
            }
          }
          line(out, n);
        }
      }
      case ST_LABELED_PAIR -> {
        for (int p = 0; p < ex.positives().length; p++) {
          labeledPair(out, ex, texts.document(ex.positives()[p]).contents(), 1, scores, posScores[p]);
        }
        for (int i = 0; i < ex.negatives().size(); i++) {
          labeledPair(out, ex, texts.document(ex.negatives().get(i).doc()).contents(), 0, scores, ex.writtenScore(i));
        }
      }
      case ST_LABELED_LIST -> {
        String[] negatives = negativeTexts(ex, texts);
        for (int p = 0; p < ex.positives().length; p++) {
          ObjectNode n = JSON.createObjectNode();
          n.put(Fields.ANCHOR, ex.query().text());
          ArrayNode docs = n.putArray(Fields.POSITIVE);
          ArrayNode values = n.putArray(scores ? Fields.SCORES : Fields.LABELS);
          docs.add(texts.document(ex.positives()[p]).contents());
          if (scores) {
            score(values, posScores[p]);
          } else {
            values.add(1);
          }
          for (int i = 0; i < ex.negatives().size(); i++) {
            docs.add(negatives[i]);
            if (scores) {
              score(values, ex.writtenScore(i));
            } else {
              values.add(0);
            }
          }
          line(out, n);
        }
      }
      case IDS -> {
        ObjectNode n = JSON.createObjectNode();
        n.put(Fields.QUERY_ID, ex.query().id());
        ArrayNode pos = n.putArray(Fields.POSITIVES);
        for (int p : ex.positives()) {
          pos.add(ids.id(p));
        }
        ArrayNode ps = n.putArray(Fields.POSITIVE_SCORES);
        for (float s : ex.positiveScores()) {
          ps.add(s);
        }
        ArrayNode neg = n.putArray(Fields.NEGATIVES);
        for (int i = 0; i < ex.negatives().size(); i++) {
          Negative g = ex.negatives().get(i);
          ObjectNode o = neg.addObject();
          o.put(Fields.DOCID, ids.id(g.doc()));
          o.put(Fields.RANK, g.rank());
          putScore(o, Fields.SCORE, g.score());
          o.put(Fields.WEIGHT, g.weight());
          o.put(Fields.SOURCE, g.source());
          o.put(Fields.REASON, g.reason());
          o.put(Fields.TOP_UP, g.topUp());
          if (!ex.explanations().isEmpty()) {
            explain(o.putObject(Fields.EXPLAIN), ex.explanations().get(i));
          }
        }
        n.put(Fields.SHORTFALL, ex.shortfall());
        if (ex.teacher() != null) {
          ArrayNode tp = n.putArray(Fields.TEACHER_POSITIVE_SCORES);
          for (float s : ex.teacher().positives()) {
            score(tp, s);
          }
          ArrayNode tn = n.putArray(Fields.TEACHER_NEGATIVE_SCORES);
          for (float s : ex.teacher().negatives()) {
            score(tn, s);
          }
        }
        line(out, n);
      }
    }
    return out.toString();
  }

  private static void explain(ObjectNode o, Explanation e) {
    o.put(Fields.KEPT_BY, e.keptBy());
    ArrayNode passed = o.putArray(Fields.PASSED);
    e.passed().forEach(passed::add);
    putScore(o, Fields.REFERENCE_SCORE, e.referenceScore());
    o.put(Fields.REFERENCE_RANK, e.referenceRank());
    o.put(Fields.PROBABILITY, e.probability());
    o.put(Fields.P_FALSE_NEGATIVE, e.falseNegative());
    ObjectNode factors = o.putObject(Fields.WEIGHT_FACTORS);
    new TreeMap<>(e.weightFactors()).forEach(factors::put);
  }

  /** A score field, null for NaN (a miner without a reference scorer, or a file read back with nulls). */
  private static void putScore(ObjectNode o, String field, float s) {
    if (Float.isNaN(s)) {
      o.putNull(field);
    } else {
      o.put(field, s);
    }
  }

  /** Adds a score, or null for NaN (a miner without a reference scorer, or a file read back with nulls). */
  private static ArrayNode score(ArrayNode a, float s) {
    if (Float.isNaN(s)) {
      a.addNull();
    } else {
      a.add(s);
    }
    return a;
  }

  /** The negatives' texts, read once for layouts that repeat them for every positive. */
  private static String[] negativeTexts(MinedExample ex, TextLookup texts) {
    String[] out = new String[ex.negatives().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = texts.document(ex.negatives().get(i).doc()).contents();
    }
    return out;
  }

  /** One labeled pair: {@code label} 1 for a positive, 0 for a negative, or its score in its place. */
  private static void labeledPair(StringBuilder out, MinedExample ex, String doc, int label, boolean scores, float s) {
    ObjectNode n = JSON.createObjectNode();
    n.put(Fields.ANCHOR, ex.query().text());
    n.put(Fields.POSITIVE, doc);
    if (!scores) {
      n.put(Fields.LABEL, label);
    } else if (Float.isNaN(s)) {
      n.putNull(Fields.SCORE);
    } else {
      n.put(Fields.SCORE, s);
    }
    line(out, n);
  }

  /** The negatives' indexes by decreasing written score, ties (and missing scores, last) in mined order. */
  private static int[] byDecreasingScore(MinedExample ex) {
    Integer[] order = new Integer[ex.negatives().size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> {
      float x = ex.writtenScore(a);
      float y = ex.writtenScore(b);
      if (Float.isNaN(x) || Float.isNaN(y)) {
        return Boolean.compare(Float.isNaN(x), Float.isNaN(y));
      }
      return Float.compare(y, x);
    });
    int[] out = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = order[i];
    }
    return out;
  }

  private static void passage(ObjectNode o, String id, Document d) {
    o.put(Fields.DOCID, id);
    o.put(Fields.TITLE, d.title());
    o.put(Fields.TEXT, d.text());
  }

  private static void line(StringBuilder out, ObjectNode n) {
    try {
      out.append(JSON.writeValueAsString(n)).append('\n');
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of strings and numbers always serialises
    }
  }
}
