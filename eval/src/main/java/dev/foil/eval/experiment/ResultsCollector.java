package dev.foil.eval.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.eval.metrics.Evaluation;
import dev.foil.eval.metrics.Metric;
import dev.foil.eval.metrics.TrecEvaluator;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.run.TrecRunReader;
import dev.foil.recsys.train.RecsysMetrics;
import dev.foil.samplers.format.IdsLine;
import dev.foil.samplers.format.TrainingSetReader;
import dev.foil.samplers.mining.MiningManifest;
import dev.foil.samplers.pipeline.MiningStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what an experiment's steps wrote — TREC runs (evaluated here with trec_eval semantics, as
 * {@code foil evaluate} does), mining manifests and {@code ids} files, training logs and recsys
 * {@code metrics.json} — into the rows of {@link Results}.
 */
final class ResultsCollector {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Histogram bins of the score charts. */
  static final int BINS = 40;
  /** Most loss points kept per curve. */
  static final int CURVE_POINTS = 200;

  private final ExperimentPlan plan;

  ResultsCollector(ExperimentPlan plan) {
    this.plan = plan;
  }

  List<Results.Row> rows() throws IOException {
    ExperimentSpec spec = plan.spec();
    Qrels qrels = spec.task().equals(ExperimentSpec.RETRIEVAL)
        ? QrelsReader.read(plan.dataset().resolve("qrels").resolve(spec.eval().split() + ".tsv")) : null;
    List<Metric> metrics = spec.task().equals(ExperimentSpec.RETRIEVAL)
        ? spec.eval().metrics().stream().map(Metric::parse).toList() : List.of();
    // Raw scores of each sampler's first seed, binned afterwards on ranges shared by all rows.
    List<double[][]> raw = new ArrayList<>();
    List<Results.Row> rows = new ArrayList<>();
    for (ExperimentPlan.Row r : plan.rows()) {
      List<Results.Cell> cells = new ArrayList<>();
      double[][] firstRaw = null;
      for (ExperimentPlan.Cell c : r.cells()) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (c.search() != null) {
          values.putAll(evaluate(qrels, metrics, plan.step(c.search()).dir().resolve("run.trec")));
        }
        Results.Diagnostics diagnostics = null;
        if (c.mine() != null) {
          Path mined = plan.step(c.mine()).dir().resolve("mined.jsonl");
          diagnostics = diagnostics(mined);
          if (firstRaw == null) {
            firstRaw = scores(mined);
          }
        }
        List<Results.Series> curve = null;
        if (c.train() != null) {
          Path dir = plan.step(c.train()).dir();
          boolean recsys = spec.task().equals(ExperimentSpec.RECSYS);
          Path out = recsys ? dir.resolve("out") : dir.resolve("model");
          curve = curve(out.resolve("log.jsonl"), recsys);
          if (recsys) {
            values.putAll(recsysMetrics(out, spec.eval().metrics()));
          }
        }
        cells.add(new Results.Cell(c.seed(), values, diagnostics, curve));
      }
      raw.add(firstRaw);
      rows.add(new Results.Row(r.group(), r.label(), cells));
    }
    return withHistograms(rows, raw);
  }

  static Map<String, Double> evaluate(Qrels qrels, List<Metric> metrics, Path run) throws IOException {
    Evaluation e = new TrecEvaluator(metrics).evaluate(qrels, TrecRunReader.read(run));
    Map<String, Double> out = new LinkedHashMap<>();
    for (Metric m : metrics) {
      out.put(m.name(), e.mean(m));
    }
    return out;
  }

  private static Results.Diagnostics diagnostics(Path mined) throws IOException {
    MiningManifest m = MiningManifest.readFor(mined);
    MiningStats c = m.counts();
    return new Results.Diagnostics(m.falseNegativeRate(), c.plantedMined, c.negatives, c.gap.mean,
        c.negatives == 0 ? 0 : (double) c.rankBuckets[0] / c.negatives, c.topUps, null, null, null);
  }

  /** {positive scores, negative scores, gaps} of an {@code ids} file (NaN scores skipped). */
  private static double[][] scores(Path mined) throws IOException {
    DoubleList pos = new DoubleList();
    DoubleList neg = new DoubleList();
    DoubleList gap = new DoubleList();
    for (IdsLine line : TrainingSetReader.readIds(mined)) {
      double lowest = Double.POSITIVE_INFINITY;
      for (float p : line.positiveScores()) {
        if (!Float.isNaN(p)) {
          pos.add(p);
          lowest = Math.min(lowest, p);
        }
      }
      for (IdsLine.Negative g : line.negatives()) {
        if (!Float.isNaN(g.score())) {
          neg.add(g.score());
          if (lowest != Double.POSITIVE_INFINITY) {
            gap.add(lowest - g.score());
          }
        }
      }
    }
    return new double[][] {pos.toArray(), neg.toArray(), gap.toArray()};
  }


  /** Adds score histograms to each sampler row's first cell, binned over ranges shared by all rows. */
  private static List<Results.Row> withHistograms(List<Results.Row> rows, List<double[][]> raw) {
    DoubleList scores = new DoubleList();
    DoubleList gaps = new DoubleList();
    for (double[][] r : raw) {
      if (r != null) {
        scores.addAll(r[0]);
        scores.addAll(r[1]);
        gaps.addAll(r[2]);
      }
    }
    if (scores.size == 0) {
      return rows;
    }
    double[] sr = range(scores.toArray());
    double[] gr = range(gaps.toArray());
    List<Results.Row> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Results.Row row = rows.get(i);
      double[][] r = raw.get(i);
      if (r == null) {
        out.add(row);
        continue;
      }
      List<Results.Cell> cells = new ArrayList<>(row.cells());
      Results.Cell first = cells.get(0);
      Results.Diagnostics d = first.diagnostics();
      cells.set(0, new Results.Cell(first.seed(), first.metrics(), new Results.Diagnostics(d.falseNegativeRate(),
          d.plantedMined(), d.negatives(), d.meanGap(), d.shareTop10(), d.topUps(),
          Results.Histogram.of(r[0], sr[0], sr[1], BINS), Results.Histogram.of(r[1], sr[0], sr[1], BINS),
          Results.Histogram.of(r[2], gr[0], gr[1], BINS)), first.curve()));
      out.add(new Results.Row(row.group(), row.label(), cells));
    }
    return out;
  }

  /** The 0.5th to 99.5th percentile of {@code v}: charts are not stretched by a few outliers. */
  private static double[] range(double[] v) {
    if (v.length == 0) {
      return new double[] {0, 1};
    }
    double[] s = v.clone();
    Arrays.sort(s);
    double lo = s[(int) Math.floor(0.005 * (s.length - 1))];
    double hi = s[(int) Math.ceil(0.995 * (s.length - 1))];
    return hi > lo ? new double[] {lo, hi} : new double[] {lo - 0.5, lo + 0.5};
  }

  /** Loss per step (thinned to {@value #CURVE_POINTS} means) and each evaluation's metrics. */
  private static List<Results.Series> curve(Path log, boolean recsys) throws IOException {
    if (!Files.isRegularFile(log)) {
      return null;
    }
    DoubleList steps = new DoubleList();
    DoubleList losses = new DoubleList();
    Map<String, DoubleList[]> evals = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(log)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode n = JSON.readTree(line);
        String type = n.path("type").asText();
        if (type.equals("step") && n.path("loss").isNumber()) {
          steps.add(n.path("step").asDouble());
          losses.add(n.path("loss").asDouble());
        } else if (type.equals("eval")) {
          double x = recsys && n.has("epoch") ? n.path("epoch").asDouble() : n.path("step").asDouble();
          for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().isNumber() && !List.of("step", "epoch", "eval_seconds").contains(e.getKey())) {
              DoubleList[] xy = evals.computeIfAbsent(e.getKey(), k -> new DoubleList[] {new DoubleList(), new DoubleList()});
              xy[0].add(x);
              xy[1].add(e.getValue().asDouble());
            }
          }
        }
      }
    }
    List<Results.Series> out = new ArrayList<>();
    if (steps.size > 0) {
      int per = Math.max(1, (steps.size + CURVE_POINTS - 1) / CURVE_POINTS);
      DoubleList xs = new DoubleList();
      DoubleList ys = new DoubleList();
      for (int i = 0; i < steps.size; i += per) {
        int end = Math.min(steps.size, i + per);
        double sum = 0;
        for (int j = i; j < end; j++) {
          sum += losses.get(j);
        }
        xs.add(steps.get(end - 1));
        ys.add(sum / (end - i));
      }
      out.add(new Results.Series("loss", "step", xs.toArray(), ys.toArray()));
    }
    String x = recsys ? "epoch" : "step";
    evals.forEach((k, v) -> out.add(new Results.Series(k, x, v[0].toArray(), v[1].toArray())));
    return out;
  }

  private static Map<String, Double> recsysMetrics(Path dir, List<String> wanted) throws IOException {
    Map<String, Double> m = RecsysMetrics.read(dir).metrics();
    Map<String, Double> out = new LinkedHashMap<>();
    for (String w : wanted) {
      if (m == null || m.get(w) == null) {
        throw new IllegalArgumentException(dir.resolve(RecsysMetrics.FILE) + ": no metric " + w
            + " (eval.metrics of the spec)");
      }
      out.put(w, m.get(w));
    }
    return out;
  }

  /** A growable primitive list. */
  private static final class DoubleList {
    double[] a = new double[64];
    int size;

    void add(double v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    void addAll(double[] v) {
      for (double x : v) {
        add(x);
      }
    }

    double get(int i) {
      return a[i];
    }

    double[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
