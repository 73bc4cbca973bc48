package dev.foil.cli;

import static dev.foil.cli.FoilCommandLineTest.foil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table of bad inputs and corrupt data (docs/RELIABILITY.md): each case must fail with the given
 * exit code and a first line that says what failed and where, print no stack trace, and leave what it
 * must not touch as it was (inputs, earlier outputs) with no debris.
 */
class BadInputTableTest {
  @TempDir static Path dir;
  static Path data;
  static Path index;
  static Path store;
  static Path mined;

  @BeforeAll
  static void fixtures() throws Exception {
    data = dir.resolve("data");
    assertEquals(0, FoilCli.run("generate", "--out", data.toString(), "--topics", "3", "--queries-per-topic", "6"));
    index = dir.resolve("index");
    assertEquals(0, FoilCli.run("index", "--corpus", data.resolve("corpus.jsonl").toString(), "--index", index.toString(),
        "--quiet"));
    store = dir.resolve("store");
    assertEquals(0, FoilCli.run("encode", "--corpus", data.resolve("corpus.jsonl").toString(), "--out", store.toString(),
        "--max-length", "16", "--quiet"));
    mined = dir.resolve("mined.jsonl");
    assertEquals(0, FoilCli.run(mine(mined, "--negatives", "5")));
  }

  private static String[] mine(Path out, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("mine", "--queries", data.resolve("queries.jsonl").toString(),
        "--split", "train", "--index", index.toString(), "--out", out.toString(), "--quiet"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Prepares a case's files and returns its command line. */
  @FunctionalInterface
  interface Setup {
    String[] args(Path work) throws Exception;
  }

  /** What must hold after the case ran. */
  @FunctionalInterface
  interface Check {
    void after(Path work) throws Exception;
  }

  private static Arguments c(String name, int code, String fragment, Setup setup, Check check) {
    return Arguments.of(name, code, fragment, setup, check);
  }

  private static final Check NOTHING = w -> {};

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
    return to;
  }

  private static void flipByte(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5a);
    }
  }

  private static Path corpusWithId(Path work, String jsonId) throws IOException {
    return Files.writeString(work.resolve("corpus.jsonl"),
        "{\"_id\":\"d1\",\"text\":\"one\"}\n{\"_id\":\"" + jsonId + "\",\"text\":\"two\"}\n");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("index --overwrite on a directory holding the corpus", 2, "is not a Foil bm25-index", w -> {
          Files.copy(data.resolve("corpus.jsonl"), w.resolve("corpus.jsonl"));
          return new String[] {"index", "--corpus", w.resolve("corpus.jsonl").toString(), "--index", w.toString(),
              "--overwrite", "--quiet"};
        }, w -> assertEquals(Files.size(data.resolve("corpus.jsonl")), Files.size(w.resolve("corpus.jsonl")))),
        c("index --overwrite on a Foil index that holds the input", 2, "holds the input", w -> {
          Path idx = copy(index, w.resolve("idx"));
          Files.copy(data.resolve("corpus.jsonl"), idx.resolve("corpus.jsonl"));
          return new String[] {"index", "--corpus", idx.resolve("corpus.jsonl").toString(), "--index", idx.toString(),
              "--overwrite", "--quiet"};
        }, w -> assertTrue(Files.exists(w.resolve("idx/corpus.jsonl")) && Files.exists(w.resolve("idx/doc-ids.txt")))),
        c("generate --overwrite on a directory Foil did not write", 2, "is not a Foil synthetic-collection", w -> {
          Files.writeString(w.resolve("important.txt"), "keep");
          return new String[] {"generate", "--out", w.toString(), "--overwrite"};
        }, w -> assertEquals("keep", Files.readString(w.resolve("important.txt")))),
        c("encode into a directory that is not a store", 2, "not an embedding store", w -> {
          Files.writeString(w.resolve("notes.txt"), "keep");
          return new String[] {"encode", "--corpus", data.resolve("corpus.jsonl").toString(), "--out", w.toString(),
              "--max-length", "16", "--quiet"};
        }, w -> assertEquals("keep", Files.readString(w.resolve("notes.txt")))),
        c("corpus id with a newline", 2, "field `_id`: id \"a\\u000ab\" contains a newline", w -> new String[] {
            "index", "--corpus", corpusWithId(w, "a\\nb").toString(), "--index", w.resolve("i").toString(), "--quiet"},
            w -> assertFalse(Files.exists(w.resolve("i")))),
        c("corpus id with a tab", 2, "contains a tab", w -> new String[] {
            "index", "--corpus", corpusWithId(w, "a\\tb").toString(), "--index", w.resolve("i").toString(), "--quiet"},
            NOTHING),
        c("corpus id with a space", 2, "contains a space", w -> new String[] {
            "index", "--corpus", corpusWithId(w, "a b").toString(), "--index", w.resolve("i").toString(), "--quiet"},
            NOTHING),
        c("query id with a space", 2, "field `_id`", w -> {
          Path q = Files.writeString(w.resolve("queries.jsonl"), "{\"_id\":\"q 1\",\"text\":\"x\"}\n");
          return new String[] {"search", "--index", index.toString(), "--queries", q.toString(), "--out",
              w.resolve("run.trec").toString(), "--quiet"};
        }, w -> assertFalse(Files.exists(w.resolve("run.trec")))),
        c("empty corpus", 2, "no documents", w -> new String[] {"index", "--corpus",
            Files.writeString(w.resolve("empty.jsonl"), "").toString(), "--index", w.resolve("i").toString(), "--quiet"},
            w -> assertFalse(Files.exists(w.resolve("i")))),
        c("run score Infinity", 2, "field `score`: not finite", w -> new String[] {"evaluate", "--qrels",
            data.resolve("qrels/test.tsv").toString(), "--run",
            Files.writeString(w.resolve("run.trec"), "q1 Q0 d1 1 Infinity t\n").toString()}, NOTHING),
        c("run score 1e400", 2, "field `score`: not finite", w -> new String[] {"evaluate", "--qrels",
            data.resolve("qrels/test.tsv").toString(), "--run",
            Files.writeString(w.resolve("run.trec"), "q1 Q0 d1 1 1e400 t\n").toString()}, NOTHING),
        c("bench spec name ../../escaped", 2, "is not a name", w -> {
          Path deep = Files.createDirectories(w.resolve("a/b"));
          Path spec = Files.writeString(deep.resolve("spec.yaml"),
              "name: ../../escaped\nsynthetic: {seed: 1, topics: 3, queries_per_topic: 2}\nsamplers: [random]\n");
          return new String[] {"bench", spec.toString(), "--quiet"};
        }, w -> assertFalse(Files.exists(w.resolve("escaped")) || Files.exists(Path.of("escaped")))),
        c("bench on an unusable dataset", 2, "step index failed", w -> {
          Files.createDirectories(w.resolve("empty-dataset"));
          Path spec = Files.writeString(w.resolve("spec.yaml"),
              "name: unusable\ndataset: empty-dataset\nfirst_stage: [bm25]\nsamplers: [random]\nseeds: [1]\n");
          return new String[] {"bench", spec.toString(), "--out", w.resolve("results").toString(), "--quiet"};
        }, w -> assertFalse(Files.exists(w.resolve("results")), "no results tree from a run that finished nothing")),
        c("mine --negatives 2147483647", 2, "illegal negatives value: 2147483647", w -> mine(w.resolve("m.jsonl"), "--negatives", "2147483647"),
            w -> assertEquals(List.of(), Files.list(w).toList())),
        c("mine --negatives larger than the corpus", 2, "at most", w -> mine(w.resolve("m.jsonl"), "--negatives", "100000"),
            w -> assertEquals(List.of(), Files.list(w).toList())),
        c("mine --planted naming a missing file", 2, "no such file", w -> mine(w.resolve("m.jsonl"), "--planted",
            w.resolve("planted-typo.tsv").toString()), w -> assertEquals(List.of(), Files.list(w).toList())),
        c("mine --resume on a complete file with another seed", 2, "mined with other inputs or parameters", w -> {
          Files.copy(mined, w.resolve("m.jsonl"));
          Files.copy(Path.of(mined + ".manifest.json"), w.resolve("m.jsonl.manifest.json"));
          return mine(w.resolve("m.jsonl"), "--negatives", "5", "--seed", "7", "--resume");
        }, NOTHING),
        c("mine --resume with an unreadable checkpoint", 2, "unreadable checkpoint", w -> {
          Files.writeString(w.resolve("m.jsonl.partial"), "");
          Files.writeString(w.resolve("m.jsonl.checkpoint.json"), "{\"fingerprint\": \"");
          return mine(w.resolve("m.jsonl"), "--negatives", "5", "--resume");
        }, w -> {
          assertTrue(Files.exists(w.resolve("m.jsonl.partial")), "refused, so left as it was for the user to see");
          assertEquals(0, FoilCli.run(mine(w.resolve("m.jsonl"), "--negatives", "5")), "a run without --resume replaces it");
        }),
        c("LightGCN item id 50,000,000 among 3 items", 2, "far beyond", w -> {
          Files.writeString(w.resolve("train.txt"), "0 0 1\n1 2 50000000\n");
          Files.writeString(w.resolve("test.txt"), "0 2\n");
          return new String[] {"recsys", "train", "--data", w.toString(), "--out", w.resolve("out").toString(),
              "--quiet"};
        }, w -> assertFalse(Files.exists(w.resolve("out")))),
        c("embedding store with a flipped vector byte", 2, "vectors.f32 fails its checksum", w -> {
          Path s = copy(store, w.resolve("store"));
          flipByte(s.resolve("vectors.f32"), 100);
          return new String[] {"search", "--dense", s.toString(), "--backend", "exact", "--queries",
              data.resolve("queries.jsonl").toString(), "--out", w.resolve("run.trec").toString(), "--quiet"};
        }, w -> assertFalse(Files.exists(w.resolve("run.trec")))),
        c("embedding store without ids.txt", 2, "ids.txt", w -> {
          Path s = copy(store, w.resolve("store"));
          Files.delete(s.resolve("ids.txt"));
          return new String[] {"search", "--dense", s.toString(), "--backend", "exact", "--queries",
              data.resolve("queries.jsonl").toString(), "--out", w.resolve("run.trec").toString(), "--quiet"};
        }, NOTHING),
        c("index with a corrupted commit point", 2, "segments", w -> {
          Path idx = copy(index, w.resolve("idx"));
          try (Stream<Path> s = Files.list(idx)) {
            Path segments = s.filter(p -> p.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
            flipByte(segments, Files.size(segments) / 2);
          }
          return new String[] {"search", "--index", idx.toString(), "--queries",
              data.resolve("queries.jsonl").toString(), "--out", w.resolve("run.trec").toString(), "--quiet"};
        }, NOTHING),
        c("index without its id table", 2, "doc-ids.txt", w -> {
          Path idx = copy(index, w.resolve("idx"));
          Files.delete(idx.resolve("doc-ids.txt"));
          return new String[] {"search", "--index", idx.toString(), "--queries",
              data.resolve("queries.jsonl").toString(), "--out", w.resolve("run.trec").toString(), "--quiet"};
        }, NOTHING),
        c("a corpus file that does not exist", 2, "no such file", w -> new String[] {"index", "--corpus",
            w.resolve("missing.jsonl").toString(), "--index", w.resolve("i").toString(), "--quiet"}, NOTHING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithOneLineAndTouchesNothing(String name, int code, String fragment, Setup setup, Check check)
      throws Exception {
    Path work = Files.createDirectories(dir.resolve("case-" + Integer.toHexString(name.hashCode())));
    String[] args = setup.args(work);
    var o = foil(args);
    assertEquals(code, o.code(), name + ": " + o.err());
    String first = o.err().lines().filter(l -> !l.startsWith("foil: warning")).findFirst().orElse("");
    assertTrue(first.startsWith("foil: ") && first.contains(fragment), name + ": first line: " + o.err());
    assertFalse(o.err().contains("\tat "), name + ": no stack trace without --verbose: " + o.err());
    check.after(work);
    assertEquals(List.of(), ChildFoil.debris(work), name + ": debris");
  }
}
