package dev.foil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.synthetic.SyntheticCollection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
  @ValueSource(strings = {"", "index", "search", "evaluate", "quickstart", "bench", "report", "regress", "generate"})
  void everyCommandHasHelp(String command) {
    Outcome o = command.isEmpty() ? foil("--help") : foil(command, "--help");
    assertEquals(0, o.code());
    assertTrue(o.out().contains("Usage: foil"), o.out());
  }

  @Test
  void trainersTakeTheLibrarysDeclaredOptionsWithTheirDefaultsAndTypes() {
    Outcome help = foil("train", "bi-encoder", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--epochs=<epochs>") && help.out().contains("passes over the training set (default: 2)"),
        help.out());
    assertTrue(help.out().contains("peak learning rate (default: 0.00002)"), help.out());
    assertTrue(help.out().contains("--train=FILE") && help.out().contains("--quiet"), "own and mixed-in options");
    Outcome recsys = foil("recsys", "train", "--help");
    assertTrue(recsys.out().contains("peak AdamW rate (default: 0.001)") && recsys.out().contains("--k=<k>"),
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
    Outcome o = foil("quickstart", "--work", work.toString(), "--quiet");
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
    Outcome o = foil("quickstart", "--dataset", c.toString(), "--work", dir.resolve("w").toString(), "--k", "50", "--quiet");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("dataset " + c), o.out());
    Outcome noSplit = foil("quickstart", "--dataset", c.toString(), "--work", dir.resolve("w2").toString(),
        "--split", "dev", "--quiet");
    assertEquals(2, noSplit.code());
    assertTrue(noSplit.err().contains("splits here: [test, train]"), noSplit.err());
  }
}
