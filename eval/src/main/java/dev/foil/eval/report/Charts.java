package dev.foil.eval.report;

import dev.foil.eval.experiment.ExperimentPlan;
import dev.foil.eval.experiment.Results;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart as PNG bytes: metrics per row with ±sd error bars, false-negative
 * rate and hardness per sampler, score-gap histograms, positive-vs-negative score histograms per
 * sampler, and learning curves.
 */
final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** A chart: its file name (without directory), title and PNG bytes. */
  record Png(String file, String title, byte[] bytes) {}

  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;

  private Charts() {}

  static List<Png> all(Results r) throws IOException {
    List<Png> out = new ArrayList<>();
    List<Results.Row> rows = r.rows();
    if (!r.metrics().isEmpty() && rows.stream().anyMatch(x -> x.values(r.metrics().get(0)).length > 0)) {
      out.add(metrics(r));
    }
    List<Results.Row> samplers = rows.stream().filter(x -> x.cells().get(0).diagnostics() != null).toList();
    if (samplers.stream().anyMatch(x -> x.values("false_negative_rate").length > 0)) {
      out.add(bars("false-negative-rate.png", "False-negative rate of mined negatives (planted, mean ± sd over seeds)",
          "false-negative rate", samplers, "false_negative_rate"));
    }
    if (!samplers.isEmpty()) {
      out.add(bars("hardness.png", "Hardness: share of negatives from the reference source's top 10", "share from top 10",
          samplers, "share_top10"));
      out.add(gaps(samplers));
      for (Results.Row s : samplers) {
        if (s.cells().get(0).diagnostics().positive() != null) {
          out.add(scores(s));
        }
      }
    }
    Map<String, List<Results.Row>> curves = new LinkedHashMap<>();
    for (Results.Row row : rows) {
      List<Results.Series> c = row.cells().get(0).curve();
      if (c != null) {
        for (Results.Series s : c) {
          curves.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(row);
        }
      }
    }
    for (String name : curves.keySet()) {
      out.add(curve(name, curves.get(name)));
    }
    return out;
  }

  private static Png metrics(Results r) throws IOException {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Results (mean ± sd over seeds)")
        .xAxisTitle("").yAxisTitle("value").build();
    style(c);
    List<Results.Row> rows = r.rows().stream()
        .filter(x -> r.metrics().stream().anyMatch(m -> x.values(m).length > 0)).toList();
    List<String> labels = rows.stream().map(Results.Row::label).toList();
    for (String m : r.metrics()) {
      double[] mean = new double[labels.size()];
      double[] sd = new double[labels.size()];
      for (int i = 0; i < labels.size(); i++) {
        Results.Row row = rows.get(i);
        mean[i] = row.values(m).length == 0 ? 0 : row.mean(m);
        sd[i] = row.values(m).length == 0 ? 0 : row.sd(m);
      }
      c.addSeries(m, labels, toList(mean), toList(sd));
    }
    return png("metrics.png", "Results (mean ± sd over seeds)", c);
  }

  private static Png bars(String file, String title, String axis, List<Results.Row> rows, String name) throws IOException {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(axis).build();
    style(c);
    c.getStyler().setLegendVisible(false);
    List<String> labels = rows.stream().map(Results.Row::label).toList();
    double[] mean = rows.stream().mapToDouble(x -> x.values(name).length == 0 ? 0 : x.mean(name)).toArray();
    double[] sd = rows.stream().mapToDouble(x -> x.values(name).length == 0 ? 0 : x.sd(name)).toArray();
    c.addSeries(axis, labels, toList(mean), toList(sd));
    return png(file, title, c);
  }

  private static Png gaps(List<Results.Row> samplers) throws IOException {
    String title = "Score gap (lowest positive − negative), first seed";
    XYChart c = xy(title, "gap in the reference source's score units", "share of negatives");
    for (Results.Row s : samplers) {
      Results.Histogram h = s.cells().get(0).diagnostics().gap();
      if (h != null) {
        addHistogram(c, s.label(), h);
      }
    }
    return png("score-gaps.png", title, c);
  }

  private static Png scores(Results.Row s) throws IOException {
    String title = "Scores of positives and negatives: " + s.label() + " (first seed)";
    XYChart c = xy(title, "reference source's score", "share");
    addHistogram(c, "positives", s.cells().get(0).diagnostics().positive());
    addHistogram(c, "negatives", s.cells().get(0).diagnostics().negative());
    return png("scores-" + ExperimentPlan.slug(s.label()) + ".png", title, c);
  }

  private static Png curve(String name, List<Results.Row> rows) throws IOException {
    String x = null;
    for (Results.Row row : rows) {
      for (Results.Series s : row.cells().get(0).curve()) {
        if (s.name().equals(name)) {
          x = s.x();
        }
      }
    }
    String title = (name.equals("loss") ? "Training loss" : "Evaluation during training: " + name) + " (first seed)";
    XYChart c = xy(title, x, name);
    for (Results.Row row : rows) {
      for (Results.Series s : row.cells().get(0).curve()) {
        if (s.name().equals(name) && s.xs().length > 0) {
          XYSeries series = c.addSeries(row.label(), s.xs(), s.ys());
          series.setMarker(s.xs().length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
      }
    }
    return png("curve-" + ExperimentPlan.slug(name) + ".png", title, c);
  }

  private static void addHistogram(XYChart c, String name, Results.Histogram h) {
    long total = Arrays.stream(h.counts()).sum();
    double[] x = new double[h.counts().length];
    double[] y = new double[h.counts().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = h.centre(i);
      y[i] = total == 0 ? 0 : (double) h.counts()[i] / total;
    }
    c.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
  }

  private static XYChart xy(String title, String x, String y) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    style(c);
    c.getStyler().setXAxisDecimalPattern("#,##0.###");
    c.getStyler().setYAxisDecimalPattern("#,##0.###");
    return c;
  }

  private static void style(Chart<?, ?> c) {
    Styler s = c.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setChartTitleBoxVisible(false);
    s.setAntiAlias(true);
  }

  private static Png png(String file, String title, Chart<?, ?> c) throws IOException {
    return new Png(file, title, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
  }

  private static List<Double> toList(double[] v) {
    return Arrays.stream(v).boxed().toList();
  }
}
