package dev.foil.eval.regress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.foil.eval.experiment.ExperimentSpec;
import dev.foil.eval.experiment.Results;
import dev.foil.index.data.InputFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A regression, in the manner of Anserini's: an experiment spec paired with the metric values it must
 * reproduce and a tolerance for each. Read from a checked-in YAML file with two keys, {@code experiment}
 * (an {@link ExperimentSpec}) and {@code expected} (a list of {@code {row, metric, value, tolerance}});
 * {@code foil regress FILE} runs the experiment and fails when any value drifts out of tolerance.
 *
 * @param file where it was read from
 * @param spec the experiment
 * @param expected the values it must reproduce
 */
public record Regression(Path file, ExperimentSpec spec, List<Expectation> expected) {
  /**
   * One expected value: the mean over seeds of {@code metric} (a quality metric such as {@code ndcg@10},
   * or a diagnostic such as {@code false_negative_rate}) in the row labelled {@code row}.
   */
  public record Expectation(String row, String metric, double value, double tolerance) {}

  /** An expectation and what the run measured. */
  public record Check(Expectation expected, Double actual) {
    /** Whether the measured value is present and within tolerance. */
    public boolean passed() {
      return actual != null && Math.abs(actual - expected.value()) <= expected.tolerance() + 1e-12;
    }
  }

  /** Reads a regression file; bad content names the file, line and field. */
  public static Regression read(Path file) throws IOException {
    JsonNode tree = ExperimentSpec.readTree(file);
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!Set.of("experiment", "expected").contains(k)) {
        throw new InputFormatException(file, 0, k, "unknown key: a regression has experiment and expected");
      }
    }
    if (!tree.path("experiment").isObject()) {
      throw new InputFormatException(file, 0, "experiment", "missing: the experiment spec to run");
    }
    ExperimentSpec spec = ExperimentSpec.fromTree(tree.get("experiment"), file, "/experiment", file.toAbsolutePath().getParent());
    JsonNode list = tree.path("expected");
    if (!list.isArray() || list.isEmpty()) {
      throw new InputFormatException(file, 0, "expected", "missing: a list of {row, metric, value, tolerance}");
    }
    List<Expectation> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      String at = "expected[" + i + "]";
      for (String k : List.of("row", "metric")) {
        if (!e.path(k).isTextual()) {
          throw new InputFormatException(file, 0, at + "." + k, "missing or not text");
        }
      }
      for (String k : List.of("value", "tolerance")) {
        if (!e.path(k).isNumber()) {
          throw new InputFormatException(file, 0, at + "." + k, "missing or not a number");
        }
      }
      if (e.get("tolerance").asDouble() < 0) {
        throw new InputFormatException(file, 0, at + ".tolerance", "negative");
      }
      out.add(new Expectation(e.get("row").asText(), e.get("metric").asText(), e.get("value").asDouble(),
          e.get("tolerance").asDouble()));
    }
    return new Regression(file, spec, List.copyOf(out));
  }

  /** Compares the expectations with an experiment's results (a missing row or metric fails its check). */
  public List<Check> check(Results results) {
    List<Check> out = new ArrayList<>();
    for (Expectation e : expected) {
      List<Results.Row> rows = results.rows().stream().filter(r -> r.label().equals(e.row())).toList();
      if (rows.size() > 1) {
        throw new InputFormatException(file, 0, "expected", "row \"" + e.row() + "\" names several rows");
      }
      Double actual = null;
      if (rows.size() == 1 && rows.get(0).values(e.metric()).length > 0) {
        actual = rows.get(0).mean(e.metric());
      }
      out.add(new Check(e, actual));
    }
    return out;
  }
}
