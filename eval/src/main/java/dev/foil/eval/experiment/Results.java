package dev.foil.eval.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an experiment measured, as {@code results.json} in its results directory: one row per
 * first-stage source or sampler with a cell per seed (metrics, mining diagnostics, learning curve), the
 * commands that produced them, and the inputs' hashes. {@code foil report} and {@code foil regress}
 * read only this file.
 *
 * @param metrics the quality metrics, in column order (higher is better)
 * @param validation the sweep's candidates with their validation metric and which were chosen; null
 *     without a sweep
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Results(
    String name,
    String task,
    String specFile,
    String specSha256,
    String dataset,
    String created,
    Map<String, String> environment,
    Map<String, String> inputs,
    List<String> metrics,
    List<Row> rows,
    List<StepRecord> steps,
    List<Choice> validation) {

  /** File name inside a results directory. */
  public static final String FILE = "results.json";

  /** A row: a first-stage source or a sampler. */
  public record Row(String group, String label, List<Cell> cells) {
    /** Mean over cells of a metric (NaN when no cell has it). */
    public double mean(String metric) {
      return Stats.of(values(metric)).mean();
    }

    /** Sample standard deviation over cells (0 for one cell). */
    public double sd(String metric) {
      return Stats.of(values(metric)).sd();
    }

    /** The metric's values over the cells that have it, in seed order. */
    public double[] values(String metric) {
      List<Double> out = new ArrayList<>();
      for (Cell c : cells) {
        Double v = c.value(metric);
        if (v != null) {
          out.add(v);
        }
      }
      return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  /**
   * One seed of a row.
   *
   * @param seed null for a deterministic first-stage run
   * @param metrics quality metrics by name
   * @param diagnostics mining diagnostics, null for first-stage rows
   * @param curve training curves, null when nothing was trained
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Cell(Long seed, Map<String, Double> metrics, Diagnostics diagnostics, List<Series> curve) {
    /** A quality metric or a diagnostic by name (see {@link Diagnostics#NAMES}); null when absent. */
    public Double value(String name) {
      if (metrics != null && metrics.containsKey(name)) {
        return metrics.get(name);
      }
      return diagnostics == null ? null : diagnostics.value(name);
    }
  }

  /**
   * How a sampler's negatives look against the positives, in the reference source's scores.
   *
   * @param falseNegativeRate share of negatives that are planted false negatives; null when none are known
   * @param meanGap mean of (lowest positive score − negative score)
   * @param shareTop10 share of negatives from the reference source's top 10 (hardness)
   * @param topUps negatives added at random because the sampler found too few
   * @param positive histogram of positive scores
   * @param negative histogram of negative scores, on the same bins
   * @param gap histogram of score gaps
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Diagnostics(Double falseNegativeRate, long plantedMined, long negatives, double meanGap, double shareTop10,
      long topUps, Histogram positive, Histogram negative, Histogram gap) {
    /** Names under which {@link Cell#value} finds the diagnostics. */
    public static final List<String> NAMES = List.of("false_negative_rate", "mean_gap", "share_top10", "top_ups");

    Double value(String name) {
      return switch (name) {
        case "false_negative_rate" -> falseNegativeRate;
        case "mean_gap" -> meanGap;
        case "share_top10" -> shareTop10;
        case "top_ups" -> (double) topUps;
        default -> null;
      };
    }
  }

  /** Counts over equal-width bins of [lo, hi]; values outside go to the end bins. */
  public record Histogram(double lo, double hi, long[] counts) {
    /** Bins {@code values} over [lo, hi]. */
    public static Histogram of(double[] values, double lo, double hi, int bins) {
      long[] c = new long[bins];
      double w = hi > lo ? (hi - lo) / bins : 1;
      for (double v : values) {
        if (!Double.isNaN(v)) {
          c[(int) Math.max(0, Math.min(bins - 1, Math.floor((v - lo) / w)))]++;
        }
      }
      return new Histogram(lo, hi, c);
    }

    /** Centre of bin {@code i}. */
    public double centre(int i) {
      return lo + (i + 0.5) * (hi - lo) / counts.length;
    }
  }

  /** A curve: {@code name} (e.g. {@code loss}, {@code ndcg@10}) over {@code x} (step or epoch). */
  public record Series(String name, String x, double[] xs, double[] ys) {}

  /**
   * A candidate of the sweep: its validation metric (mean over the validation seeds) and whether it
   * was its group's best, and so joined the grid.
   */
  public record Choice(String group, String sampler, String metric, double value, boolean chosen) {}

  /** A command of the grid and what it cost. */
  public record StepRecord(String id, String command, double seconds, boolean cached) {}

  /** Mean and sample standard deviation. */
  public record Stats(double mean, double sd) {
    static Stats of(double[] v) {
      if (v.length == 0) {
        return new Stats(Double.NaN, Double.NaN);
      }
      double m = 0;
      for (double x : v) {
        m += x;
      }
      m /= v.length;
      double ss = 0;
      for (double x : v) {
        ss += (x - m) * (x - m);
      }
      return new Stats(m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0);
    }
  }

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** The row with this label (and group), or null. */
  public Row row(String group, String label) {
    return rows.stream().filter(r -> r.group().equals(group) && r.label().equals(label)).findFirst().orElse(null);
  }

  /** Writes {@code dir/results.json} (atomically). */
  public void write(Path dir) throws IOException {
    AtomicFile.writeText(dir.resolve(FILE), w -> w.write(JSON.writeValueAsString(this)));
  }

  /** Reads {@code dir/results.json}. */
  public static Results read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new InputFormatException(f, 0, null, "missing: run `foil bench SPEC --out " + dir + "` first");
    }
    try {
      return JSON.readValue(f.toFile(), Results.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InputFormatException(f, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
          e.getOriginalMessage());
    }
  }
}
