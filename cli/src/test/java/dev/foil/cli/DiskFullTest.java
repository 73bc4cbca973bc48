package dev.foil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: every writer runs out of space while replacing an earlier output. Where the test can
 * mount one (root, Linux), the outputs live on a small tmpfs filled to the brim ({@code ENOSPC}); where
 * it cannot, the writers run under a file-size limit ({@code ulimit -f}: {@code EFBIG}) instead, and the
 * test says which ran. Each failure must be one line with exit code 1, leave the earlier output
 * byte-identical, and leave no partial file, staging directory or temporary.
 */
class DiskFullTest {
  private static final long TMPFS_BYTES = 24L << 20;
  private static final long SLACK_BYTES = 8 << 10;

  @TempDir static Path dir;
  static Path data;
  static Path out;
  static boolean tmpfs;

  @BeforeAll
  static void setUp() throws Exception {
    data = dir.resolve("data");
    assertEquals(0, FoilCli.run("generate", "--out", data.toString(), "--topics", "3", "--queries-per-topic", "10"));
    out = Files.createDirectories(dir.resolve("out"));
    // -Dfoil.diskfull=ulimit runs the stub even where a tmpfs could be mounted.
    tmpfs = !"ulimit".equals(System.getProperty("foil.diskfull")) && System.getProperty("os.name").startsWith("Linux")
        && new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_BYTES, "tmpfs", out.toString())
            .redirectErrorStream(true).start().waitFor() == 0;
    System.out.println("disk-full suite: " + (tmpfs
        ? "a " + (TMPFS_BYTES >> 20) + " MB tmpfs filled to within " + (SLACK_BYTES >> 10) + " KB (ENOSPC)"
        : "no tmpfs could be mounted here; a file-size limit (ulimit -f, EFBIG) stands in for a full disk"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (tmpfs) {
      new ProcessBuilder("umount", "-l", out.toString()).start().waitFor();
    }
  }

  /** Every file under {@code root} with its bytes. */
  private static Map<Path, byte[]> snapshot(Path root) throws IOException {
    Map<Path, byte[]> m = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        m.put(root.relativize(p), Files.readAllBytes(p));
      }
    }
    return m;
  }

  private static void assertSameSnapshot(Map<Path, byte[]> before, Map<Path, byte[]> after) {
    assertEquals(before.keySet(), after.keySet(), "the same files");
    before.forEach((p, b) -> assertArrayEquals(b, after.get(p), p + " changed"));
  }

  /**
   * Runs {@code args} with no room to write: the tmpfs filled (a filler file removed afterwards) or a
   * 32 KB file-size limit.
   */
  private static ChildFoil.Result runOutOfSpace(String name, String... args) throws Exception {
    Path log = dir.resolve(name + ".log");
    if (!tmpfs) {
      return ChildFoil.runWrapped(log, List.of("bash", "-c", "ulimit -f 32 && exec \"$@\"", "_"), args);
    }
    Path filler = out.resolve("filler");
    long free = Files.getFileStore(out).getUsableSpace() - SLACK_BYTES;
    try (OutputStream os = Files.newOutputStream(filler)) {
      byte[] block = new byte[1 << 16];
      for (long left = free; left > 0; left -= block.length) {
        os.write(block, 0, (int) Math.min(block.length, left));
      }
    } catch (IOException full) {
      // filled to the last page
    }
    try {
      return ChildFoil.run(log, args);
    } finally {
      Files.delete(filler);
    }
  }

  private static void assertFailedCleanly(ChildFoil.Result r, Path previous, Map<Path, byte[]> before)
      throws Exception {
    assertEquals(1, r.code(), "exit 1 for an environment fault: " + r.output());
    // Standard output and error are merged here; the command's own report lines may precede the failure.
    List<String> lines = r.output().lines().filter(l -> l.startsWith("foil: ") || l.startsWith("WARNING")).toList();
    assertEquals(1, lines.size(), "one failure line: " + r.output());
    assertTrue(lines.get(0).startsWith("foil: " + (tmpfs ? "out of disk space" : "file size limit reached")),
        lines.get(0));
    assertFalse(r.output().contains("\tat "), "no stack trace without --verbose");
    assertSameSnapshot(before, snapshot(previous));
    List<Path> debris = new ArrayList<>(ChildFoil.debris(out));
    debris.removeIf(p -> p.getFileName().toString().equals("filler"));
    assertEquals(List.of(), debris);
  }

  @Test
  void indexEncodeGenerateSearchMineAndRecsysKeepTheirEarlierOutputWhenTheDiskIsFull() throws Exception {
    String corpus = data.resolve("corpus.jsonl").toString();
    String queries = data.resolve("queries.jsonl").toString();
    Path index = out.resolve("index");
    assertEquals(0, FoilCli.run("index", "--corpus", corpus, "--index", index.toString(), "--quiet"));
    Path store = out.resolve("store");
    assertEquals(0, FoilCli.run("encode", "--corpus", corpus, "--out", store.toString(), "--max-length", "16", "--quiet"));
    Path collection = out.resolve("collection");
    assertEquals(0, FoilCli.run("generate", "--out", collection.toString(), "--topics", "3", "--queries-per-topic", "4"));
    Path run = out.resolve("run.trec");
    assertEquals(0, FoilCli.run("search", "--index", index.toString(), "--queries", queries, "--k", "100", "--out",
        run.toString(), "--quiet"));
    Path mined = out.resolve("mined");
    Path minedFile = mined.resolve("train.jsonl");
    assertEquals(0, FoilCli.run("mine", "--queries", queries, "--split", "train", "--index", index.toString(), "--negatives", "8",
        "--out", minedFile.toString(), "--quiet"));
    Path bench = out.resolve("bench");
    Path spec = Files.writeString(dir.resolve("spec.yaml"), "name: full\ndataset: " + data
        + "\nfirst_stage: [bm25]\nmining: {split: train, depth: 50, n: 5}\nsamplers: [random]\nseeds: [1]\n");
    assertEquals(0, FoilCli.run("bench", spec.toString(), "--out", bench.toString(), "--no-report", "--quiet"));
    Path recsys = out.resolve("recsys");
    StringBuilder log = new StringBuilder("user,item,timestamp\n");
    for (int u = 0; u < 40; u++) {
      for (int k = 0; k < 8; k++) {
        log.append('u').append(u).append(",i").append((u * 3 + k * 7) % 60).append(',').append(k).append('\n');
      }
    }
    Path csv = Files.writeString(dir.resolve("log.csv"), log);
    List<String> train = List.of("recsys", "train", "--data", csv.toString(), "--model", "mf-bpr", "--dim", "64",
        "--epochs", "1", "--out", recsys.toString(), "--quiet");
    assertEquals(0, FoilCli.run(train.toArray(String[]::new)));

    // A changed corpus, so that index and encode must write everything again.
    Path changed = Files.writeString(dir.resolve("changed.jsonl"), Files.readString(data.resolve("corpus.jsonl"))
        .replace("\"text\":\"", "\"text\":\"changed "));

    Map<Path, byte[]> before = snapshot(index);
    assertFailedCleanly(runOutOfSpace("index", "index", "--corpus", changed.toString(), "--index", index.toString(),
        "--overwrite", "--quiet"), index, before);
    // A file-size limit also stops the native libraries that ONNX Runtime and PyTorch unpack at start,
    // so under the stub encode and recsys train would fail before writing anything of their own.
    boolean natives = tmpfs;
    if (!natives) {
      System.out.println("disk-full suite: encode and recsys train skipped under the file-size stub");
    }
    before = snapshot(store);
    if (natives) {
      assertFailedCleanly(runOutOfSpace("encode", "encode", "--corpus", changed.toString(), "--out",
          store.toString(), "--max-length", "16", "--quiet"), store, before);
    }
    before = snapshot(collection);
    assertFailedCleanly(runOutOfSpace("generate", "generate", "--out", collection.toString(), "--topics", "3",
        "--queries-per-topic", "4", "--seed", "7", "--overwrite"), collection, before);
    before = snapshot(out);
    before.keySet().removeIf(p -> p.toString().equals("filler"));
    ChildFoil.Result search = runOutOfSpace("search", "search", "--index", index.toString(), "--queries", queries,
        "--k", "1000", "--out", run.toString(), "--overwrite", "--quiet");
    assertFailedCleanly(search, out, before);
    before = snapshot(mined);
    assertFailedCleanly(runOutOfSpace("mine", "mine", "--queries", queries, "--split", "train", "--index",
        index.toString(), "--negatives", "8", "--seed", "9", "--out", minedFile.toString(), "--overwrite", "--quiet"), mined,
        before);
    before = snapshot(bench);
    Path wider = Files.writeString(dir.resolve("wider.yaml"), Files.readString(spec).replace("[random]",
        "[random, top-k]"));
    ChildFoil.Result grid = runOutOfSpace("bench", "bench", wider.toString(), "--out", bench.toString(), "--no-report",
        "--quiet");
    // The new step's directory holds the log of its failure (a rerun replaces it); everything else is as it was.
    Map<Path, byte[]> after = snapshot(bench);
    after.keySet().removeIf(p -> p.startsWith("steps/mine-top-k-seed-1"));
    assertEquals(1, grid.code(), grid.output());
    assertFalse(grid.output().contains("\tat "), grid.output());
    assertSameSnapshot(before, after);
    Path model = recsys.resolve("model");
    before = snapshot(model);
    byte[] metrics = Files.readAllBytes(recsys.resolve("metrics.json"));
    List<String> again = new ArrayList<>(train);
    again.set(again.indexOf("64"), "512");
    again.add("--overwrite"); // a second training into the same directory is asked for
    if (natives) {
      assertFailedCleanly(runOutOfSpace("recsys", again.toArray(String[]::new)), model, before);
      assertArrayEquals(metrics, Files.readAllBytes(recsys.resolve("metrics.json")));
    }
  }
}
