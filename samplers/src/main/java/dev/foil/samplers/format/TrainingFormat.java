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
 *       source's;
 *   <li>{@code tevatron}: {@code {"query_id", "query", "positive_passages": [{"docid","title","text"}],
 *       "negative_passages": [..]}};
 *   <li>{@code st-triplet} (sentence-transformers): one {@code {"anchor","positive","negative"}} row per
 *       negative, positives taken in turn;
 *   <li>{@code st-ntuple}: one {@code {"anchor","positive","negative_1",…,"negative_n"}} row per positive;
 *   <li>{@code ids}: ids with every negative's rank, score, weight, source, reason and top-up flag, the
 *       shortfall, and with a teacher its {@code teacher_positive_scores} and {@code teacher_negative_scores}
 *       — the only format that carries weights; with explanations ({@code foil mine --explain}), each
 *       negative also has an {@code explain} object ({@link Explanation}).
 * </ul>
 */
public enum TrainingFormat {
  BGE, TEVATRON, ST_TRIPLET, ST_NTUPLE, IDS;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses {@code bge}, {@code tevatron}, {@code st-triplet}, {@code st-ntuple} or {@code ids}. */
  public static TrainingFormat parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown format \"" + name + "\": use bge, tevatron, st-triplet, st-ntuple or ids");
    }
  }

  /** The name {@link #parse} reads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The lines of one example, each ending in a newline. */
  public String lines(MinedExample ex, TextLookup texts, DocIds ids) {
    StringBuilder out = new StringBuilder();
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
        for (int i = 0; i < ex.negatives().size(); i++) {
          ObjectNode n = JSON.createObjectNode();
          n.put(Fields.ANCHOR, ex.query().text());
          n.put(Fields.POSITIVE, texts.document(ex.positives()[i % ex.positives().length]).contents());
          n.put(Fields.NEGATIVE, texts.document(ex.negatives().get(i).doc()).contents());
          line(out, n);
        }
      }
      case ST_NTUPLE -> {
        for (int p : ex.positives()) {
          ObjectNode n = JSON.createObjectNode();
          n.put(Fields.ANCHOR, ex.query().text());
          n.put(Fields.POSITIVE, texts.document(p).contents());
          for (int i = 0; i < ex.negatives().size(); i++) {
            n.put(Fields.NEGATIVE_PREFIX + (i + 1), texts.document(ex.negatives().get(i).doc()).contents());
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

  /** A score, or null for NaN (a miner without a reference scorer, or a file read back with nulls). */
  private static void score(ArrayNode a, float s) {
    if (Float.isNaN(s)) {
      a.addNull();
    } else {
      a.add(s);
    }
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
