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
    for (String m : r.metrics()) {
      if (rows.stream().anyMatch(x -> x.values(m).length > 0)) {
        out.add(metric(r, m));
      }
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

  /**
   * One bar chart per metric, rows with a value only. Sampler differences are a few thousandths, so the
   * axis starts just below the lowest bar (and says so in the title) rather than at zero.
   */
  private static Png metric(Results r, String m) throws IOException {
    List<Results.Row> rows = r.rows().stream().filter(x -> x.values(m).length > 0).toList();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Results.Row row : rows) {
      lo = Math.min(lo, row.mean(m) - row.sd(m));
      hi = Math.max(hi, row.mean(m) + row.sd(m));
    }
    double pad = Math.max(0.005, 0.25 * (hi - lo));
    // Several bars are compared on an axis that starts near them (the title says so); one bar alone
    // has nothing to compare with and starts at zero.
    double min = rows.size() < 2 ? 0 : Math.max(0, Math.floor((lo - pad) * 100) / 100);
    String title = m + " (mean ± sd over seeds" + (min > 0 ? String.format(java.util.Locale.ROOT, "; axis from %.2f)", min) : ")");
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(m).build();
    style(c);
    c.getStyler().setLegendVisible(false);
    c.getStyler().setYAxisMin(min);
    c.getStyler().setYAxisMax(Math.min(1, hi + pad));
    c.addSeries(m, rows.stream().map(Results.Row::label).toList(),
        rows.stream().map(x -> x.mean(m)).toList(), rows.stream().map(x -> x.sd(m)).toList());
    return png("metric-" + ExperimentPlan.slug(m) + ".png", title, c);
  }

  private static Png bars(String file, String title, String axis, List<Results.Row> rows, String name) throws IOException {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(axis).build();
    style(c);
    c.getStyler().setLegendVisible(false);
    List<String> labels = rows.stream().map(Results.Row::label).toList();
    double[] mean = rows.stream().mapToDouble(x -> x.values(name).length == 0 ? 0 : x.mean(name)).toArray();
    double[] sd = rows.stream().mapToDouble(x -> x.values(name).length == 0 ? 0 : x.sd(name)).toArray();
    c.getStyler().setYAxisMin(0.0);
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
    // The axis spans the histogram's range rounded out to round numbers, so that its ticks are round too.
    double step = niceStep(h.hi() - h.lo());
    double from = Math.floor(h.lo() / step) * step;
    double to = Math.ceil(h.hi() / step) * step;
    Double min = c.getStyler().getXAxisMin();
    Double max = c.getStyler().getXAxisMax();
    c.getStyler().setXAxisMin(min == null ? from : Math.min(min, from));
    c.getStyler().setXAxisMax(max == null ? to : Math.max(max, to));
    long total = Arrays.stream(h.counts()).sum();
    double[] x = new double[h.counts().length];
    double[] y = new double[h.counts().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = h.centre(i);
      y[i] = total == 0 ? 0 : (double) h.counts()[i] / total;
    }
    c.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
  }

  /** A round step (1, 2 or 5 times a power of ten) that cuts {@code range} into about ten. */
  static double niceStep(double range) {
    if (!(range > 0)) {
      return 1;
    }
    double raw = range / 10;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / power;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
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
    if (s instanceof org.knowm.xchart.style.CategoryStyler cs) {
      cs.setXAxisLabelRotation(20);
      cs.setAvailableSpaceFill(0.6);
    }
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
