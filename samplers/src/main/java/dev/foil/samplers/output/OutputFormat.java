package dev.foil.samplers.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.DocIds;
import dev.foil.index.data.Document;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.util.Locale;

/**
 * JSON Lines layouts for mined examples; passages are {@code title + " " + text}.
 *
 * <ul>
 *   <li>{@code bge} (FlagEmbedding): {@code {"query", "pos": [..], "neg": [..], "pos_scores", "neg_scores"}};
 *   <li>{@code tevatron}: {@code {"query_id", "query", "positive_passages": [{"docid","title","text"}],
 *       "negative_passages": [..]}};
 *   <li>{@code st-triplet} (sentence-transformers): one {@code {"anchor","positive","negative"}} row per
 *       negative, positives taken in turn;
 *   <li>{@code st-ntuple}: one {@code {"anchor","positive","negative_1",…,"negative_n"}} row per positive;
 *   <li>{@code ids}: ids with every negative's rank, score, weight, source, reason and top-up flag, and
 *       the shortfall — the only format that carries weights.
 * </ul>
 */
public enum OutputFormat {
  BGE, TEVATRON, ST_TRIPLET, ST_NTUPLE, IDS;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses {@code bge}, {@code tevatron}, {@code st-triplet}, {@code st-ntuple} or {@code ids}. */
  public static OutputFormat parse(String name) {
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
        n.put("query", ex.query().text());
        ArrayNode pos = n.putArray("pos");
        for (int p : ex.positives()) {
          pos.add(texts.document(p).contents());
        }
        ArrayNode neg = n.putArray("neg");
        for (Negative g : ex.negatives()) {
          neg.add(texts.document(g.doc()).contents());
        }
        ArrayNode ps = n.putArray("pos_scores");
        for (float s : ex.positiveScores()) {
          ps.add(s);
        }
        ArrayNode ns = n.putArray("neg_scores");
        for (Negative g : ex.negatives()) {
          if (Float.isNaN(g.score())) {
            ns.addNull();
          } else {
            ns.add(g.score());
          }
        }
        line(out, n);
      }
      case TEVATRON -> {
        ObjectNode n = JSON.createObjectNode();
        n.put("query_id", ex.query().id());
        n.put("query", ex.query().text());
        ArrayNode pos = n.putArray("positive_passages");
        for (int p : ex.positives()) {
          passage(pos.addObject(), ids.id(p), texts.document(p));
        }
        ArrayNode neg = n.putArray("negative_passages");
        for (Negative g : ex.negatives()) {
          passage(neg.addObject(), ids.id(g.doc()), texts.document(g.doc()));
        }
        line(out, n);
      }
      case ST_TRIPLET -> {
        for (int i = 0; i < ex.negatives().size(); i++) {
          ObjectNode n = JSON.createObjectNode();
          n.put("anchor", ex.query().text());
          n.put("positive", texts.document(ex.positives()[i % ex.positives().length]).contents());
          n.put("negative", texts.document(ex.negatives().get(i).doc()).contents());
          line(out, n);
        }
      }
      case ST_NTUPLE -> {
        for (int p : ex.positives()) {
          ObjectNode n = JSON.createObjectNode();
          n.put("anchor", ex.query().text());
          n.put("positive", texts.document(p).contents());
          for (int i = 0; i < ex.negatives().size(); i++) {
            n.put("negative_" + (i + 1), texts.document(ex.negatives().get(i).doc()).contents());
          }
          line(out, n);
        }
      }
      case IDS -> {
        ObjectNode n = JSON.createObjectNode();
        n.put("query_id", ex.query().id());
        ArrayNode pos = n.putArray("positives");
        for (int p : ex.positives()) {
          pos.add(ids.id(p));
        }
        ArrayNode ps = n.putArray("positive_scores");
        for (float s : ex.positiveScores()) {
          ps.add(s);
        }
        ArrayNode neg = n.putArray("negatives");
        for (Negative g : ex.negatives()) {
          ObjectNode o = neg.addObject();
          o.put("docid", ids.id(g.doc()));
          o.put("rank", g.rank());
          if (Float.isNaN(g.score())) {
            o.putNull("score");
          } else {
            o.put("score", g.score());
          }
          o.put("weight", g.weight());
          o.put("source", g.source());
          o.put("reason", g.reason());
          o.put("top_up", g.topUp());
        }
        n.put("shortfall", ex.shortfall());
        line(out, n);
      }
    }
    return out.toString();
  }

  private static void passage(ObjectNode o, String id, Document d) {
    o.put("docid", id);
    o.put("title", d.title());
    o.put("text", d.text());
  }

  private static void line(StringBuilder out, ObjectNode n) {
    try {
      out.append(JSON.writeValueAsString(n)).append('\n');
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of strings and numbers always serialises
    }
  }
}
