package dev.foil.eval.report;

import dev.foil.eval.experiment.Results;
import dev.foil.index.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes an experiment's report from its {@code results.json}: {@code report.html}, self-contained with
 * its charts embedded as PNG data, and {@code report.md} with the same tables and the charts as files in
 * {@code charts/}. Tables show mean ± sd over seeds with the best value of each column in bold.
 */
public final class ReportWriter {
  /** Report file names. */
  public static final String HTML = "report.html";
  public static final String MARKDOWN = "report.md";
  public static final String CHARTS = "charts";

  private ReportWriter() {}

  /** A table: its heading, header cells and rows of already formatted cells; bold marks a best value. */
  record Table(String title, List<String> header, List<List<Cell>> rows) {}

  /** A table cell. */
  record Cell(String text, boolean best) {}

  /** Column headings of the diagnostics. */
  private static final java.util.Map<String, String> HEADINGS = java.util.Map.of("false_negative_rate",
      "false-negative rate", "mean_gap", "mean gap s⁺ − s⁻", "share_top10", "share from top 10", "top_ups", "top-ups");

  /** Direction of a column: which end is best, or none. */
  enum Best { HIGH, LOW, NONE }

  /** Writes both reports into {@code dir} (the results directory) and returns their paths. */
  public static List<Path> write(Path dir) throws IOException {
    Results r = Results.read(dir);
    List<Charts.Png> charts = Charts.all(r);
    Path chartDir = dir.resolve(CHARTS);
    Files.createDirectories(chartDir);
    for (Charts.Png c : charts) {
      AtomicFile.writeBytes(chartDir.resolve(c.file()), o -> o.write(c.bytes()));
    }
    Set<String> current = charts.stream().map(Charts.Png::file).collect(Collectors.toSet());
    try (Stream<Path> old = Files.list(chartDir)) {
      for (Path p : old.filter(p -> p.toString().endsWith(".png") && !current.contains(p.getFileName().toString())).toList()) {
        Files.delete(p); // a chart of an earlier report of this directory
      }
    }
    List<Table> tables = tables(r);
    AtomicFile.writeText(dir.resolve(HTML), w -> w.write(html(r, tables, charts)));
    AtomicFile.writeText(dir.resolve(MARKDOWN), w -> w.write(markdown(r, tables, charts)));
    return List.of(dir.resolve(HTML), dir.resolve(MARKDOWN));
  }

  /** The report's tables as Markdown, for a terminal. */
  public static String summary(Results r) {
    StringBuilder b = new StringBuilder();
    appendTables(b, tables(r));
    return b.toString();
  }

  /** The results table (metrics) and, when samplers were mined, the diagnostics table. */
  static List<Table> tables(Results r) {
    List<Table> out = new ArrayList<>();
    if (!r.metrics().isEmpty()) {
      List<String> names = r.metrics();
      List<Best> best = names.stream().map(n -> Best.HIGH).toList();
      List<Results.Row> measured = r.rows().stream()
          .filter(x -> names.stream().anyMatch(n -> x.values(n).length > 0)).toList();
      if (!measured.isEmpty()) {
        out.add(table("Results on the " + (r.task().equals("recsys") ? "test interactions" : "evaluation queries"),
            measured, "run", names, best));
      }
    }
    List<Results.Row> samplers = r.rows().stream().filter(x -> x.cells().get(0).diagnostics() != null).toList();
    if (!samplers.isEmpty()) {
      boolean planted = samplers.stream().anyMatch(x -> x.values("false_negative_rate").length > 0);
      List<String> names = new ArrayList<>();
      List<Best> best = new ArrayList<>();
      if (planted) {
        names.add("false_negative_rate");
        best.add(Best.LOW);
      }
      names.addAll(List.of("mean_gap", "share_top10", "top_ups"));
      best.addAll(List.of(Best.NONE, Best.NONE, Best.NONE));
      out.add(table("Sampler diagnostics (mining's reference scores; mean ± sd over seeds)", samplers, "sampler",
          names, best));
    }
    if (r.validation() != null && !r.validation().isEmpty()) {
      out.add(validation(r));
    }
    return out;
  }

  /** The sweep: each candidate's validation metric, the chosen one of each group in bold. */
  private static Table validation(Results r) {
    String metric = r.validation().get(0).metric();
    List<List<Cell>> body = new ArrayList<>();
    for (Results.Choice c : r.validation()) {
      body.add(List.of(new Cell(c.group(), false), new Cell(c.sampler(), c.chosen()),
          new Cell(format(c.value()), c.chosen())));
    }
    return new Table("Settings chosen on validation (" + metric + " on a split held out of the training data;"
        + " the evaluation split was not used)", List.of("group", "candidate", metric), body);
  }

  private static Table table(String title, List<Results.Row> rows, String first, List<String> names,
      List<Best> best) {
    List<String> header = new ArrayList<>(List.of(first, "seeds"));
    names.forEach(n -> header.add(HEADINGS.getOrDefault(n, n)));
    double[] top = new double[names.size()];
    for (int j = 0; j < names.size(); j++) {
      top[j] = Double.NaN;
      for (Results.Row row : rows) {
        if (row.values(names.get(j)).length == 0 || best.get(j) == Best.NONE) {
          continue;
        }
        double m = row.mean(names.get(j));
        if (Double.isNaN(top[j]) || (best.get(j) == Best.HIGH ? m > top[j] : m < top[j])) {
          top[j] = m;
        }
      }
    }
    List<List<Cell>> body = new ArrayList<>();
    for (Results.Row row : rows) {
      List<Cell> cells = new ArrayList<>();
      cells.add(new Cell(row.label(), false));
      cells.add(new Cell(row.cells().get(0).seed() == null ? "–" : Integer.toString(row.cells().size()), false));
      for (int j = 0; j < names.size(); j++) {
        double[] v = row.values(names.get(j));
        if (v.length == 0) {
          cells.add(new Cell("–", false));
          continue;
        }
        double m = row.mean(names.get(j));
        String text = format(m) + (v.length > 1 ? " ± " + format(row.sd(names.get(j))) : "");
        cells.add(new Cell(text, !Double.isNaN(top[j]) && Math.abs(m - top[j]) <= 1e-12));
      }
      body.add(cells);
    }
    return new Table(title, header, body);
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String title(Results r) {
    return "Foil experiment: " + r.name();
  }

  private static String intro(Results r) {
    return String.format(Locale.ROOT, "Task %s on `%s`; %d rows; created %s. Bold marks the best mean of a column"
        + " (highest metric, lowest false-negative rate).", r.task(), r.dataset(), r.rows().size(), r.created());
  }

  static String markdown(Results r, List<Table> tables, List<Charts.Png> charts) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(title(r)).append("\n\n").append(intro(r)).append("\n\n");
    appendTables(b, tables);
    b.append("## Charts\n\n");
    for (Charts.Png c : charts) {
      b.append("![").append(c.title()).append("](").append(CHARTS).append('/').append(c.file()).append(")\n\n");
    }
    provenance(r, b, false);
    return b.toString();
  }

  private static void appendTables(StringBuilder b, List<Table> tables) {
    for (Table table : tables) {
      b.append("## ").append(table.title()).append("\n\n");
      b.append("| ").append(String.join(" | ", table.header())).append(" |\n");
      b.append("|").append("---|".repeat(table.header().size())).append('\n');
      for (List<Cell> row : table.rows()) {
        b.append("| ");
        for (int i = 0; i < row.size(); i++) {
          Cell c = row.get(i);
          String text = i == 0 ? "`" + c.text() + "`" : c.text();
          b.append(c.best() ? "**" + text + "**" : text).append(i + 1 < row.size() ? " | " : " |\n");
        }
      }
      b.append('\n');
    }
  }

  static String html(Results r, List<Table> tables, List<Charts.Png> charts) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title(r)))
        .append("</title>\n<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;"
            + "color:#222}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 10px;"
            + "text-align:right}th:first-child,td:first-child{text-align:left;font-family:monospace}th{background:#f3f3f3}"
            + "td.best{font-weight:bold;background:#eaf5ea}img{max-width:100%;border:1px solid #eee;margin:.5em 0}"
            + "pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:12px}figure{margin:1em 0}"
            + "figcaption{color:#555;font-size:13px}</style></head><body>\n");
    b.append("<h1>").append(esc(title(r))).append("</h1>\n<p>").append(esc(intro(r)).replace("`", "")).append("</p>\n");
    for (Table table : tables) {
      b.append("<h2>").append(esc(table.title())).append("</h2>\n<table><thead><tr>");
      for (String h : table.header()) {
        b.append("<th>").append(esc(h)).append("</th>");
      }
      b.append("</tr></thead><tbody>\n");
      for (List<Cell> row : table.rows()) {
        b.append("<tr>");
        for (Cell c : row) {
          b.append(c.best() ? "<td class=\"best\">" : "<td>").append(esc(c.text())).append("</td>");
        }
        b.append("</tr>\n");
      }
      b.append("</tbody></table>\n");
    }
    b.append("<h2>Charts</h2>\n");
    for (Charts.Png c : charts) {
      b.append("<figure><img alt=\"").append(esc(c.title())).append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(c.bytes())).append("\"><figcaption>").append(esc(c.title()))
          .append("</figcaption></figure>\n");
    }
    provenance(r, b, true);
    b.append("</body></html>\n");
    return b.toString();
  }

  /** Commands, per-step times, versions and input hashes; the same content for both formats. */
  private static void provenance(Results r, StringBuilder b, boolean html) {
    String tick = html ? "" : "`";
    Function<String, String> code = s -> html ? "<pre>" + esc(s) + "</pre>\n" : "```bash\n" + s + "\n```\n";
    Function<String, String> heading = s -> html ? "<h2>" + esc(s) + "</h2>\n" : "## " + s + "\n\n";
    Function<String, String> item = s -> html ? "<li>" + esc(s).replace("`", "") + "</li>\n" : "- " + s + "\n";
    b.append(heading.apply("Commands"));
    b.append(html ? "<p>" : "").append("Every number above was produced by these commands (steps marked cached were"
        + " reused from an earlier run with the same fingerprint).").append(html ? "</p>\n" : "\n\n");
    StringBuilder cmds = new StringBuilder();
    for (Results.StepRecord s : r.steps()) {
      cmds.append(String.format(Locale.ROOT, "# %s: %.1f s%s%n%s%n", s.id(), s.seconds(), s.cached() ? " (cached)" : "",
          s.command()));
    }
    b.append(code.apply(cmds.toString().strip())).append(html ? "" : "\n");
    b.append(heading.apply("Environment"));
    b.append(html ? "<ul>\n" : "");
    r.environment().forEach((k, v) -> b.append(item.apply(k + ": " + tick + v + tick)));
    b.append(html ? "</ul>\n" : "\n");
    b.append(heading.apply("Inputs (SHA-256)"));
    b.append(html ? "<ul>\n" : "");
    if (r.specFile() != null) {
      b.append(item.apply("spec " + tick + r.specFile() + tick + ": " + tick + r.specSha256() + tick));
    }
    r.inputs().forEach((k, v) -> b.append(item.apply(tick + k + tick + ": " + tick + v + tick)));
    b.append(html ? "</ul>\n" : "\n");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
