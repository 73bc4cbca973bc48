package dev.foil.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Indexing streams: a corpus several times larger than the JVM's heap indexes completely. */
class LargerThanHeapTest {
  private static final int HEAP_MB = 48;
  private static final int DOCS = 110_000;

  @TempDir Path dir;

  /** Entry point of the child JVM: indexes args[0] into args[1]. */
  public static void main(String[] args) throws IOException {
    IndexManifest m = Bm25Indexer.anseriniDefaults().build(Paths.get(args[0]), Paths.get(args[1]), false, ProgressListener.NONE);
    System.out.println("documents=" + m.documents());
  }

  @Test
  void corpusLargerThanTheHeapIndexes() throws Exception {
    Path corpus = dir.resolve("corpus.jsonl");
    SplittableRandom rng = new SplittableRandom(1);
    try (BufferedWriter w = Files.newBufferedWriter(corpus, StandardCharsets.UTF_8)) {
      StringBuilder text = new StringBuilder();
      for (int d = 0; d < DOCS; d++) {
        text.setLength(0);
        for (int t = 0; t < 150; t++) {
          text.append('w').append(Integer.toString(rng.nextInt(50_000), 36)).append(' ');
        }
        w.write("{\"_id\":\"doc" + d + "\",\"title\":\"t" + d + "\",\"text\":\"" + text + "\"}\n");
      }
    }
    long size = Files.size(corpus);
    assertTrue(size > (3L * HEAP_MB << 20) / 2, "corpus of " + (size >> 20) + " MB must exceed the heap by half");

    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx" + HEAP_MB + "m", "-cp",
            System.getProperty("java.class.path"), LargerThanHeapTest.class.getName(),
            corpus.toString(), dir.resolve("index").toString()))
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "indexing timed out");
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("documents=" + DOCS), output);
    try (Bm25Index index = Bm25Index.open(dir.resolve("index"))) {
      assertEquals(DOCS, index.docIds().size());
      assertEquals("doc" + (DOCS - 1), index.docIds().id(DOCS - 1));
    }
  }
}
