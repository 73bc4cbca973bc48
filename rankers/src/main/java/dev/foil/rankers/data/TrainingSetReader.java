package dev.foil.rankers.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.TextLineReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a training set in any layout {@code foil mine} writes (and the tools it writes for read):
 * FlagEmbedding's {@code bge} ({@code query, pos, neg}), Tevatron ({@code query_id, query,
 * positive_passages, negative_passages}), sentence-transformers triplets and n-tuples ({@code anchor,
 * positive, negative[_i]}), and Foil's {@code ids} ({@code query_id, positives, negatives[{docid,
 * weight}]}), which alone carries per-negative weights and needs the BEIR dataset for texts. The layout
 * is recognised per line from its fields.
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
    List<TrainingExample> out = new ArrayList<>();
    BeirTexts texts = null;
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
          throw new InputFormatException(file, lines.line(), null, "malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!n.isObject()) {
          throw new InputFormatException(file, lines.line(), null, "expected a JSON object");
        }
        Line at = new Line(file, lines.line(), n);
        if (n.has("pos")) {
          out.add(new TrainingExample(null, at.text("query"), at.texts("pos"), at.texts("neg")));
        } else if (n.has("positive_passages")) {
          out.add(new TrainingExample(at.optText("query_id"), at.text("query"), at.passages("positive_passages"),
              at.passages("negative_passages")));
        } else if (n.has("anchor")) {
          List<Passage> negs = new ArrayList<>();
          if (n.has("negative")) {
            negs.add(new Passage(null, at.text("negative"), 1));
          }
          for (int i = 1; n.has("negative_" + i); i++) {
            negs.add(new Passage(null, at.text("negative_" + i), 1));
          }
          out.add(new TrainingExample(null, at.text("anchor"), List.of(new Passage(null, at.text("positive"), 1)), negs));
        } else if (n.has("positives")) {
          if (dataset == null) {
            throw new InputFormatException(file, lines.line(), "positives",
                "the ids layout holds ids only: give the BEIR dataset (--data DIR) for the texts");
          }
          if (texts == null) {
            texts = BeirTexts.load(dataset);
          }
          out.add(at.ids(texts));
        } else {
          throw new InputFormatException(file, lines.line(), null,
              "unknown layout: expected the fields of bge (pos, neg), tevatron (positive_passages), "
                  + "sentence-transformers (anchor, positive) or ids (positives, negatives)");
        }
        if (out.getLast().positives().isEmpty()) {
          throw new InputFormatException(file, lines.line(), null, "no positive passage");
        }
      }
    }
    return out;
  }

  /** One parsed line with error reporting at its position. */
  private record Line(Path file, long line, JsonNode n) {
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
        if (!v.isObject() || !v.path("text").isTextual()) {
          throw error(field, "expected objects with docid, title and text");
        }
        String title = v.path("title").asText("");
        String text = v.get("text").asText();
        out.add(new Passage(v.path("docid").isMissingNode() ? null : v.get("docid").asText(),
            title.isEmpty() ? text : title + " " + text, 1));
      }
      return out;
    }

    TrainingExample ids(BeirTexts texts) {
      String qid = text("query_id");
      String q = texts.queries().get(qid);
      if (q == null) {
        throw error("query_id", "unknown query \"" + qid + "\" in the dataset");
      }
      List<Passage> pos = new ArrayList<>();
      for (JsonNode v : array("positives")) {
        pos.add(new Passage(v.asText(), doc(texts, "positives", v.asText()), 1));
      }
      List<Passage> neg = new ArrayList<>();
      for (JsonNode v : array("negatives")) {
        String id = v.isObject() ? v.path("docid").asText(null) : v.asText();
        if (id == null) {
          throw error("negatives", "expected objects with a docid");
        }
        double w = v.isObject() && v.has("weight") ? v.get("weight").asDouble() : 1;
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw error("negatives.weight", "illegal weight " + w + ", must be finite and at least 0");
        }
        neg.add(new Passage(id, doc(texts, "negatives", id), w));
      }
      return new TrainingExample(qid, q, pos, neg);
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
