package dev.foil.samplers.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.BeirTexts;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.TextLineReader;
import dev.foil.samplers.pipeline.Explanation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a training set in any layout {@link TrainingFormat} writes (and the tools it writes for read):
 * FlagEmbedding's {@code bge} ({@code query, pos, neg}), Tevatron ({@code query_id, query,
 * positive_passages, negative_passages}), sentence-transformers triplets, n-tuples, labeled pairs and
 * labeled lists ({@code anchor, positive, negative[_i] | label | labels}; a file with other column names
 * is read by position, the first column the anchor and the second the positive, as sentence-transformers
 * does), and Foil's {@code ids} ({@code query_id, positives, negatives[{docid, weight}]}), which alone
 * carries per-negative weights and needs the BEIR dataset for texts. The layout is recognised per line
 * from its fields.
 */
public final class TrainingSetReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingSetReader() {}

  /**
   * Reads every example of {@code file}.
   *
   * @param dataset the BEIR dataset the ids refer to; needed only for the {@code ids} layout, may be null
   * @throws InputFormatException naming the file, line and field of the first bad line
   */
  public static List<TrainingExample> read(Path file, BeirDataset dataset) throws IOException {
    return read(file, dataset == null ? null : () -> BeirTexts.load(dataset));
  }

  /** Loads texts on first need. */
  @FunctionalInterface
  public interface TextSource {
    BeirTexts load() throws IOException;
  }

  /**
   * Reads every example of {@code file}, the texts of an {@code ids} layout from {@code texts}
   * (loaded when the first such line is met).
   *
   * @param texts the query and passage texts by id; needed only for the {@code ids} layout, may be null
   */
  public static List<TrainingExample> read(Path file, TextSource texts) throws IOException {
    return read(file, texts, Columns.NONE);
  }

  /**
   * Reads every example of {@code file} with {@code columns} naming which of its columns plays which
   * part ({@link Columns#NONE}: the known layouts by their field names, anything else by position).
   *
   * @throws InputFormatException naming the file, line and column when a mapped column is missing
   */
  public static List<TrainingExample> read(Path file, TextSource texts, Columns columns) throws IOException {
    List<TrainingExample> out = new ArrayList<>();
    BeirTexts[] loaded = {null};
    int[] pairs = {-1}; // the index in out of the example the last labeled pair went into
    forEachLine(file, raw -> {
      Line at = columns.isEmpty() ? raw.positional() : raw.mapped(columns);
      JsonNode n = at.n();
      if (n.has(Fields.ANCHOR) && (n.has(Fields.LABEL) || n.has(Fields.SCORE))) {
        pairs[0] = labeledPair(at, out, pairs[0]);
        return;
      }
      if (n.has(Fields.POS)) {
        out.add(new TrainingExample(null, at.text(Fields.QUERY), at.texts(Fields.POS), at.texts(Fields.NEG)));
      } else if (n.has(Fields.POSITIVE_PASSAGES)) {
        out.add(new TrainingExample(at.optText(Fields.QUERY_ID), at.text(Fields.QUERY),
            at.passages(Fields.POSITIVE_PASSAGES), at.passages(Fields.NEGATIVE_PASSAGES)));
      } else if (n.has(Fields.ANCHOR) && n.path(Fields.POSITIVE).isArray()) {
        out.add(labeledList(at));
      } else if (n.has(Fields.ANCHOR)) {
        List<Passage> negs = new ArrayList<>();
        if (n.has(Fields.NEGATIVE)) {
          negs.add(new Passage(null, at.text(Fields.NEGATIVE), 1));
        }
        for (int i = 1; n.has(Fields.NEGATIVE_PREFIX + i); i++) {
          negs.add(new Passage(null, at.text(Fields.NEGATIVE_PREFIX + i), 1));
        }
        out.add(new TrainingExample(null, at.text(Fields.ANCHOR),
            List.of(new Passage(null, at.text(Fields.POSITIVE), 1)), negs));
      } else if (n.has(Fields.POSITIVES)) {
        if (texts == null) {
          throw at.error(Fields.POSITIVES,
              "the ids layout holds ids only: give the BEIR dataset (--data DIR) for the texts");
        }
        if (loaded[0] == null) {
          loaded[0] = texts.load();
        }
        out.add(at.withTexts(at.ids(), loaded[0]));
      } else {
        throw at.error(null, "unknown layout: expected the fields of bge (pos, neg), tevatron (positive_passages), "
            + "sentence-transformers (anchor, positive) or ids (positives, negatives)");
      }
      if (out.getLast().positives().isEmpty()) {
        throw at.error(null, "no positive passage");
      }
    });
    return out;
  }

  /**
   * A labeled pair (sentence-transformers' {@code labeled-pair}): consecutive rows of one anchor make one
   * example, label 1 a positive and 0 a negative. Rows with scores in place of labels do not say which
   * document is the positive, and are refused.
   */
  private static int labeledPair(Line at, List<TrainingExample> out, int previous) {
    JsonNode label = at.n().get(Fields.LABEL);
    if (label == null) {
      throw at.error(Fields.SCORE, "labeled pairs with scores in place of labels do not say which document is "
          + "positive: write them with labels (without --include-scores)");
    }
    if (!label.isNumber() || (label.asDouble() != 0 && label.asDouble() != 1)) {
      throw at.error(Fields.LABEL, "expected 1 (positive) or 0 (negative), not " + label);
    }
    String anchor = at.text(Fields.ANCHOR);
    Passage doc = new Passage(null, at.text(Fields.POSITIVE), 1);
    TrainingExample last = previous >= 0 && previous == out.size() - 1 ? out.getLast() : null;
    boolean same = last != null && last.query().equals(anchor);
    List<Passage> pos = same ? new ArrayList<>(last.positives()) : new ArrayList<>();
    List<Passage> neg = same ? new ArrayList<>(last.negatives()) : new ArrayList<>();
    if (!same && label.asDouble() == 0) {
      throw at.error(Fields.LABEL, "an anchor's labeled pairs start with its positives (label 1), as "
          + "mine_hard_negatives writes them; this one starts with a negative");
    }
    (label.asDouble() == 1 ? pos : neg).add(doc);
    TrainingExample ex = new TrainingExample(null, anchor, pos, neg);
    if (same) {
      out.set(out.size() - 1, ex);
    } else {
      out.add(ex);
    }
    return out.size() - 1;
  }

  /**
   * A labeled list (sentence-transformers' {@code labeled-list}): the documents with label 1 are
   * positives, those with 0 negatives; with scores in place of labels, the first document is the
   * positive, as {@code mine_hard_negatives} writes it.
   */
  private static TrainingExample labeledList(Line at) {
    JsonNode docs = at.array(Fields.POSITIVE);
    JsonNode labels = at.n().get(Fields.LABELS);
    if (labels != null && (!labels.isArray() || labels.size() != docs.size())) {
      throw at.error(Fields.LABELS, "expected one label per document");
    }
    List<Passage> pos = new ArrayList<>();
    List<Passage> neg = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      if (!docs.get(i).isTextual()) {
        throw at.error(Fields.POSITIVE, "expected an array of strings");
      }
      boolean positive = labels != null ? labels.get(i).asDouble() == 1 : i == 0;
      (positive ? pos : neg).add(new Passage(null, docs.get(i).asText(), 1));
    }
    return new TrainingExample(null, at.text(Fields.ANCHOR), pos, neg);
  }

  /**
   * Reads an {@code ids} file as written, with every negative's rank, score, weight, source and reason.
   *
   * @throws InputFormatException naming the file, line and field of the first bad line
   */
  public static List<IdsLine> readIds(Path file) throws IOException {
    List<IdsLine> out = new ArrayList<>();
    forEachLine(file, at -> out.add(at.ids()));
    return out;
  }

  /** What is done with each line. */
  @FunctionalInterface
  private interface LineVisitor {
    void visit(Line line) throws IOException;
  }

  /** Visits the non-blank lines of {@code file} in order, each a JSON object, streaming. */
  private static void forEachLine(Path file, LineVisitor visitor) throws IOException {
    try (TextLineReader lines = new TextLineReader(file)) {
      String line;
      while ((line = lines.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          throw new InputFormatException(file, lines.line(), null,
              "malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!n.isObject()) {
          throw new InputFormatException(file, lines.line(), null, "expected a JSON object");
        }
        visitor.visit(new Line(file, lines.line(), n));
      }
    }
  }

  /** One parsed line with error reporting at its position. */
  private record Line(Path file, long line, JsonNode n) {
    /** Layout fields that identify a line without renaming. */
    private static final List<String> KNOWN = List.of(Fields.POS, Fields.POSITIVE_PASSAGES, Fields.ANCHOR,
        Fields.POSITIVES);

    /**
     * This line with sentence-transformers' positional convention applied when it has none of the known
     * layouts' fields (a file {@code mine_hard_negatives} wrote from a dataset whose columns are, say,
     * {@code query} and {@code answer}): the first column is the anchor, the second the positive; the
     * other columns keep their names.
     */
    Line positional() {
      if (KNOWN.stream().anyMatch(n::has) || n.size() < 2) {
        return this;
      }
      var fields = n.fields();
      JsonNode anchor = fields.next().getValue();
      JsonNode positive = fields.next().getValue();
      if (!anchor.isTextual() || !(positive.isTextual() || positive.isArray())) {
        return this; // not sentence-transformers' shape either: the unknown layout is reported as such
      }
      com.fasterxml.jackson.databind.node.ObjectNode renamed = JSON.createObjectNode();
      renamed.set(Fields.ANCHOR, anchor);
      renamed.set(Fields.POSITIVE, positive);
      fields.forEachRemaining(f -> renamed.set(f.getKey(), f.getValue()));
      return new Line(file, line, renamed);
    }

    /**
     * This line with its columns renamed as {@code columns} says (other columns keep their names, but
     * one whose name a mapped column takes is dropped); a mapped query or positive column must be there.
     */
    Line mapped(Columns columns) {
      for (String required : List.of(Fields.ANCHOR, Fields.POSITIVE)) {
        String column = columns.columnFor(required);
        if (column != null && !n.has(column)) {
          throw error(column, "missing (--columns reads it as the " + (required.equals(Fields.ANCHOR) ? "query" : required)
              + "); this line's columns: " + fieldNames());
        }
      }
      com.fasterxml.jackson.databind.node.ObjectNode renamed = JSON.createObjectNode();
      n.fields().forEachRemaining(f -> {
        String role = columns.roleOf(f.getKey());
        if (role != null) {
          renamed.set(role, f.getValue());
        }
      });
      n.fields().forEachRemaining(f -> {
        if (columns.roleOf(f.getKey()) == null && !renamed.has(f.getKey())) {
          renamed.set(f.getKey(), f.getValue());
        }
      });
      return new Line(file, line, renamed);
    }

    private List<String> fieldNames() {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      return names;
    }

    InputFormatException error(String field, String problem) {
      return new InputFormatException(file, line, field, problem);
    }

    String text(String field) {
      JsonNode v = n.get(field);
      if (v == null || !v.isTextual()) {
        throw error(field, v == null ? "missing" : "expected a string");
      }
      return v.asText();
    }

    String optText(String field) {
      JsonNode v = n.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }

    JsonNode array(String field) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        return JSON.createArrayNode();
      }
      if (!v.isArray()) {
        throw error(field, "expected an array");
      }
      return v;
    }

    List<Passage> texts(String field) {
      List<Passage> out = new ArrayList<>();
      for (JsonNode v : array(field)) {
        if (!v.isTextual()) {
          throw error(field, "expected an array of strings");
        }
        out.add(new Passage(null, v.asText(), 1));
      }
      return out;
    }

    List<Passage> passages(String field) {
      List<Passage> out = new ArrayList<>();
      for (JsonNode v : array(field)) {
        if (!v.isObject() || !v.path(Fields.TEXT).isTextual()) {
          throw error(field, "expected objects with docid, title and text");
        }
        String title = v.path(Fields.TITLE).asText("");
        String text = v.get(Fields.TEXT).asText();
        out.add(new Passage(v.path(Fields.DOCID).isMissingNode() ? null : v.get(Fields.DOCID).asText(),
            title.isEmpty() ? text : title + " " + text, 1));
      }
      return out;
    }

    IdsLine ids() {
      String qid = text(Fields.QUERY_ID);
      List<String> pos = new ArrayList<>();
      for (JsonNode v : array(Fields.POSITIVES)) {
        pos.add(v.asText());
      }
      JsonNode scores = array(Fields.POSITIVE_SCORES);
      float[] posScores = new float[scores.size()];
      for (int i = 0; i < posScores.length; i++) {
        posScores[i] = scores.get(i).isNumber() ? scores.get(i).floatValue() : Float.NaN;
      }
      List<IdsLine.Negative> neg = new ArrayList<>();
      for (JsonNode v : array(Fields.NEGATIVES)) {
        if (!v.isObject()) {
          neg.add(new IdsLine.Negative(v.asText(), 0, Float.NaN, 1, null, null, false, null)); // ids alone
          continue;
        }
        String id = v.path(Fields.DOCID).asText(null);
        if (id == null) {
          throw error(Fields.NEGATIVES, "expected objects with a docid");
        }
        double w = v.has(Fields.WEIGHT) ? v.get(Fields.WEIGHT).asDouble() : 1;
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw error(Fields.NEGATIVES + "." + Fields.WEIGHT, "illegal weight " + w + ", must be finite and at least 0");
        }
        JsonNode score = v.path(Fields.SCORE);
        neg.add(new IdsLine.Negative(id, v.path(Fields.RANK).asInt(0), score.isNumber() ? score.floatValue() : Float.NaN,
            w, v.path(Fields.SOURCE).asText(null), v.path(Fields.REASON).asText(null), v.path(Fields.TOP_UP).asBoolean(false),
            v.has(Fields.EXPLAIN) ? explanation(v.get(Fields.EXPLAIN)) : null));
      }
      return new IdsLine(qid, pos, posScores, neg, n.path(Fields.SHORTFALL).asInt(0));
    }

    Explanation explanation(JsonNode e) {
      if (!e.isObject()) {
        throw error(Fields.NEGATIVES + "." + Fields.EXPLAIN, "expected an object");
      }
      List<String> passed = new ArrayList<>();
      e.path(Fields.PASSED).forEach(p -> passed.add(p.asText()));
      Map<String, Double> factors = new LinkedHashMap<>();
      e.path(Fields.WEIGHT_FACTORS).fields().forEachRemaining(f -> factors.put(f.getKey(), f.getValue().asDouble()));
      JsonNode score = e.path(Fields.REFERENCE_SCORE);
      JsonNode p = e.path(Fields.PROBABILITY);
      JsonNode fn = e.path(Fields.P_FALSE_NEGATIVE);
      return new Explanation(e.path(Fields.KEPT_BY).asText(null), passed,
          score.isNumber() ? score.floatValue() : Float.NaN, e.path(Fields.REFERENCE_RANK).asInt(0),
          p.isNumber() ? p.asDouble() : null, fn.isNumber() ? fn.asDouble() : null, factors);
    }

    TrainingExample withTexts(IdsLine ids, BeirTexts texts) {
      String q = texts.queries().get(ids.queryId());
      if (q == null) {
        throw error(Fields.QUERY_ID, "unknown query \"" + ids.queryId() + "\" in the dataset");
      }
      List<Passage> pos = new ArrayList<>();
      for (String id : ids.positives()) {
        pos.add(new Passage(id, doc(texts, Fields.POSITIVES, id), 1));
      }
      List<Passage> neg = new ArrayList<>();
      for (IdsLine.Negative g : ids.negatives()) {
        neg.add(new Passage(g.docid(), doc(texts, Fields.NEGATIVES, g.docid()), g.weight()));
      }
      return new TrainingExample(ids.queryId(), q, pos, neg);
    }

    private String doc(BeirTexts texts, String field, String id) {
      String d = texts.passages().get(id);
      if (d == null) {
        throw error(field, "unknown document \"" + id + "\" in the dataset");
      }
      return d;
    }
  }
}
