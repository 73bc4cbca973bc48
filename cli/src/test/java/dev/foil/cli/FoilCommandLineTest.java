package dev.foil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ThreadBudget;
import dev.foil.index.synthetic.SyntheticCollection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class FoilCommandLineTest {
  @TempDir Path dir;

  /** The outcome of one invocation. */
  record Outcome(int code, String out, String err) {}

  static Outcome foil(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = FoilCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  private Path smallCollection() throws Exception {
    Path c = dir.resolve("collection");
    SyntheticCollection.write(new SyntheticCollection.Parameters(3, 4, 40, 5, 0.5, 0.5, 0.1), c, false);
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "index", "search", "evaluate", "encode", "mine", "rerank", "train bi-encoder",
      "train reranker", "train fn-adapter", "train cet", "recsys train", "recsys eval", "quickstart", "bench",
      "bench ann", "bench flat", "bench encode", "bench dense-scale", "report", "regress", "generate"})
  void everyCommandHasHelpWhosePlaceholdersSayWhatGoesThere(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    Outcome o = foil(args.toArray(String[]::new));
    assertEquals(0, o.code());
    assertTrue(o.out().contains("Usage: foil"), o.out());
    java.util.regex.Matcher field = java.util.regex.Pattern.compile("=<[A-Za-z-]+>").matcher(o.out());
    assertFalse(field.find(), "a placeholder that is a field name: " + (field.hitEnd() ? "" : field.group()));
  }

  @Test
  void threadsSetsTheWholeProcesssBudgetForTheCommand() {
    String out = dir.resolve("threads").toString();
    try {
      assertEquals(0, foil("generate", "--out", out, "--topics", "3", "--queries-per-topic", "4", "--quiet",
          "--threads", "1").code());
      assertEquals(1, ThreadBudget.threads(), "PyTorch, OpenMP and Foil's pools read this number");
      assertEquals(0, foil("generate", "--out", out, "--overwrite", "--topics", "3", "--queries-per-topic", "4",
          "--quiet").code());
      assertEquals(ThreadBudget.cores(), ThreadBudget.threads(), "a command without --threads gets every core again");
      Outcome none = foil("generate", "--out", out, "--overwrite", "--threads", "0");
      assertEquals(FoilCli.BAD_INPUT, none.code());
      assertTrue(none.err().contains("--threads must be at least 1, got 0"), none.err());
    } finally {
      ThreadBudget.use(0);
    }
  }

  @Test
  void trainersTakeTheLibrarysDeclaredOptionsWithTheirDefaultsAndTypes() {
    Outcome help = foil("train", "bi-encoder", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--epochs=N") && help.out().contains("passes over the training set (default: 2)"),
        help.out());
    assertTrue(help.out().contains("peak learning rate (default: 0.00002)"), help.out());
    assertTrue(help.out().contains("--train=FILE") && help.out().contains("--quiet"), "own and mixed-in options");
    Outcome recsys = foil("recsys", "train", "--help");
    assertTrue(recsys.out().contains("peak AdamW rate (default: 0.001)") && recsys.out().contains("--k=N"),
        recsys.out());
    Outcome typo = foil("train", "reranker", "--train", "t.jsonl", "--out", "o", "--epochs", "two");
    assertEquals(2, typo.code());
    assertTrue(typo.err().contains("Invalid value for option '--epochs': 'two' is not an int"), typo.err());
    Outcome missing = foil("recsys", "eval", "--data", "d");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("Missing required option: '--model=DIR'"), missing.err());
  }

  /** --version names the same version the mining manifests and reports record. */
  @Test
  void versionIsTheBuildsVersion() {
    Outcome v = foil("--version");
    assertEquals(0, v.code());
    assertTrue(v.out().startsWith("foil " + dev.foil.index.FoilVersion.get() + "\n"), v.out());
  }

  @Test
  void usageErrorsExitWithTwo() {
    Outcome o = foil("search", "--index", "x");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("Missing required options"), o.err());
    assertEquals(2, foil("index", "--bogus").code());
    assertEquals(2, foil("nonsense").code());
    assertEquals(2, foil().code());
  }

  @Test
  void brokenCorpusLineExitsWithTwoAndLeavesNoIndex() throws Exception {
    Path corpus = dir.resolve("corpus.jsonl");
    Files.writeString(corpus, "{\"_id\":\"a\",\"text\":\"x\"}\n{\"_id\":\"b\",\"text\":\"y\"}\n{\"_id\":\"c\",\"text\":\"z\"\n");
    Path index = dir.resolve("index");
    Outcome o = foil("index", "--corpus", corpus.toString(), "--index", index.toString(), "--quiet");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("corpus.jsonl:3: "), o.err());
    assertFalse(Files.exists(index));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(corpus), s.toList());
    }
  }

  @Test
  void indexSearchEvaluateRoundTrip() throws Exception {
    Path c = smallCollection();
    Path index = dir.resolve("index");
    Outcome indexed = foil("index", "--corpus", c.toString(), "--index", index.toString(), "--quiet");
    assertEquals(0, indexed.code(), indexed.err());
    assertTrue(indexed.out().startsWith("indexed "), indexed.out());

    Path run = dir.resolve("out/run.trec");
    Outcome searched = foil("search", "--index", index.toString(), "--queries", c.resolve("queries.jsonl").toString(),
        "--split", "test", "--k", "25", "--out", run.toString(), "--quiet");
    assertEquals(0, searched.code(), searched.err());
    List<String> lines = Files.readAllLines(run);
    long testQueries = Files.readAllLines(c.resolve("qrels/test.tsv")).stream().skip(1)
        .map(l -> l.split("\t")[0]).distinct().count();
    assertEquals(testQueries, lines.stream().map(l -> l.split(" ")[0]).distinct().count());
    String[] first = lines.get(0).split(" ");
    assertEquals(6, first.length);
    assertEquals("Q0", first[1]);
    assertEquals("1", first[3]);
    assertEquals("foil-bm25", first[5]);

    Outcome evaluated = foil("evaluate", "--qrels", c.resolve("qrels/test.tsv").toString(), "--run", run.toString(),
        "--metrics", "ndcg@10,recall@25", "--per-query");
    assertEquals(0, evaluated.code(), evaluated.err());
    assertTrue(evaluated.out().lines().anyMatch(l -> l.matches("ndcg@10\\s+\\tall\\t0\\.\\d{4}")), evaluated.out());
    assertEquals(testQueries * 2 + 3, evaluated.out().lines().count());
  }

  @Test
  void searchRejectsASplitThatJudgesNoQueryAndKeepsNoOutput() throws Exception {
    Path c = smallCollection();
    Path index = dir.resolve("index");
    assertEquals(0, foil("index", "--corpus", c.toString(), "--index", index.toString(), "--quiet").code());
    Path qrels = dir.resolve("qrels");
    Files.createDirectories(qrels);
    Files.writeString(qrels.resolve("other.tsv"), "query-id\tcorpus-id\tscore\nnot-a-query\t1\t1\n");
    Path run = dir.resolve("run.trec");
    Outcome o = foil("search", "--index", index.toString(), "--queries", c.resolve("queries.jsonl").toString(),
        "--split", "other", "--qrels-dir", qrels.toString(), "--out", run.toString(), "--quiet");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("1 judged queries (1 judgments) are not in the query file"), o.err());
    assertTrue(o.err().contains("judges none of the queries"), o.err());
    assertFalse(Files.exists(run));
  }

  @Test
  void evaluateReportsBadRunsAsBadInput() throws Exception {
    Path qrels = dir.resolve("q.tsv");
    Files.writeString(qrels, "query-id\tcorpus-id\tscore\nq\td\t1\n");
    Outcome missing = foil("evaluate", "--qrels", qrels.toString(), "--run", dir.resolve("none").toString());
    assertEquals(2, missing.code());
    Path run = dir.resolve("run");
    Files.writeString(run, "q Q0 d 1 notanumber t\n");
    Outcome bad = foil("evaluate", "--qrels", qrels.toString(), "--run", run.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("run:1: field `score`"), bad.err());
    assertEquals(2, foil("evaluate", "--qrels", qrels.toString(), "--run", run.toString(), "--metrics", "foo@3").code());
  }

  @Test
  void quickstartRunsOfflineOnASyntheticCollection() {
    Path work = dir.resolve("qs");
    Outcome o = foil("quickstart", "--out", work.toString(), "--quiet");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("synthetic collection (seed 42)"), o.out());
    assertTrue(o.out().lines().anyMatch(l -> l.matches("\\s+ndcg@10\\s+0\\.\\d{4}\\s+0\\.\\d{4}")), o.out());
    assertTrue(o.out().contains("planted false negatives"), o.out());
    assertTrue(Files.isRegularFile(work.resolve("run-test.trec")));
    assertTrue(o.out().contains("| `simans(a=0.5,b=0)` | 3 |"), "the sampler comparison is printed: " + o.out());
    assertTrue(Files.isRegularFile(work.resolve("report/report.html")), "the quickstart ends with a report");
    assertTrue(Files.isRegularFile(work.resolve("report/report.md")));
  }

  @Test
  void quickstartTakesAnyBeirDirectory() throws Exception {
    Path c = smallCollection();
    Outcome o = foil("quickstart", "--data", c.toString(), "--out", dir.resolve("w").toString(), "--k", "50", "--quiet");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("dataset " + c), o.out());
    Outcome noSplit = foil("quickstart", "--data", c.toString(), "--out", dir.resolve("w2").toString(),
        "--split", "dev", "--quiet");
    assertEquals(2, noSplit.code());
    assertTrue(noSplit.err().contains("splits here: [test, train]"), noSplit.err());
  }

  /** --dataset and --work are the former names of --data and --out: still accepted, with a warning, not both. */
  @Test
  void quickstartTakesItsFormerNamesAndRefusesADirectoryItDidNotWrite() throws Exception {
    Path c = smallCollection();
    Path w = dir.resolve("former");
    Outcome o = foil("quickstart", "--dataset", c.toString(), "--work", w.toString(), "--k", "20", "--no-report", "--quiet");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.err().contains("--dataset is now --data") && o.err().contains("--work is now --out"), o.err());
    assertTrue(Files.isRegularFile(w.resolve("run-test.trec")), "the former --work was used as --out");
    Outcome both = foil("quickstart", "--work", w.toString(), "--out", w.toString(), "--quiet");
    assertEquals(2, both.code());
    assertTrue(both.err().contains("--work is the former name of --out: give one"), both.err());
    assertEquals(0, foil("quickstart", "--data", c.toString(), "--out", w.toString(), "--k", "20", "--no-report",
        "--quiet").code(), "a directory the quickstart wrote is reused");

    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "mine");
    Outcome refused = foil("quickstart", "--data", c.toString(), "--out", mine.toString(), "--quiet");
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("not empty and was not written by foil quickstart"), refused.err());
    assertEquals(List.of(mine.resolve("notes.txt")), listed(mine), "nothing was written beside the user's file");
    Outcome bench = foil("bench", dir.resolve("no-spec.yaml").toString(), "--out", mine.toString(), "--quiet");
    assertEquals(2, bench.code());
    assertEquals(List.of(mine.resolve("notes.txt")), listed(mine));
  }

  /** Commands that write a model directory or a run refuse an existing one without --overwrite. */
  @Test
  void trainersAndRerankRefuseAnExistingOutputWithoutOverwrite() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("weights.params"), "a day's training");
    Path train = dir.resolve("absent.jsonl");
    for (List<String> cmd : List.of(List.of("train", "reranker"), List.of("train", "fn-adapter", "--store", dir.toString()),
        List.of("train", "bi-encoder"))) {
      List<String> args = new ArrayList<>(cmd);
      args.addAll(List.of("--train", train.toString(), "--out", model.toString(), "--quiet"));
      Outcome refused = foil(args.toArray(String[]::new));
      assertEquals(2, refused.code(), refused.err());
      assertTrue(refused.err().contains(model + " exists and is not empty: give --overwrite to replace its files"
          + " (or --resume to continue its run)"), refused.err());
      args.add("--overwrite");
      Outcome past = foil(args.toArray(String[]::new));
      assertFalse(past.err().contains("give --overwrite"), "--overwrite passes the check: " + past.err());
    }
    assertEquals("a day's training", Files.readString(model.resolve("weights.params")));
    Outcome recsys = foil("recsys", "train", "--data", dir.toString(), "--out", model.toString(), "--quiet");
    assertEquals(2, recsys.code());
    assertTrue(recsys.err().contains("give --overwrite"), recsys.err());

    Path run = dir.resolve("reranked.trec");
    Files.writeString(run, "q1 Q0 d1 1 1.0 kept\n");
    Outcome rerank = foil("rerank", "--run", run.toString(), "--model", model.toString(), "--data", dir.toString(),
        "--out", run.toString());
    assertEquals(2, rerank.code());
    assertTrue(rerank.err().contains(run + " exists: give --overwrite to replace it"), rerank.err());
    assertEquals("q1 Q0 d1 1 1.0 kept\n", Files.readString(run));
  }

  private static List<Path> listed(Path d) throws java.io.IOException {
    try (var s = Files.list(d)) {
      return s.sorted().toList();
    }
  }
}
