package dev.foil.samplers.mining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.ProgressListener;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.index.synthetic.SyntheticIndex;
import dev.foil.samplers.SamplerRegistry;
import dev.foil.samplers.format.TrainingFormat;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupted mining runs resumed with other chunk sizes, and --resume against complete outputs. */
class MiningRunResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Bm25Index bm25;
  static List<MiningRun.Anchor> anchors;

  @BeforeAll
  static void collection() throws Exception {
    Path c = SyntheticIndex.write(dir.resolve("c"), new SyntheticCollection.Parameters(4, 8, 40, 6, 0.5, 0.5, 0.1));
    bm25 = Bm25Index.open(c.resolve("index"));
    anchors = Anchors.read(c.resolve("queries.jsonl"), c.resolve("qrels/train.tsv"), bm25.docIds(), w -> {});
    assertTrue(anchors.size() >= 10, "enough anchors for several chunks: " + anchors.size());
  }

  @AfterAll
  static void close() throws IOException {
    bm25.close();
  }

  /**
   * Stands for a process killed right after its first checkpoint: progress advances per anchor, and the
   * first anchor of the second chunk is mined only after the first chunk was written and checkpointed.
   */
  private static final class CrashAfterFirstChunk implements ProgressListener {
    private final int chunk;
    private final java.util.concurrent.atomic.AtomicLong mined = new java.util.concurrent.atomic.AtomicLong();

    CrashAfterFirstChunk(int chunk) {
      this.chunk = chunk;
    }

    @Override
    public void start(String task, long total, String unit) {}

    @Override
    public void advance(long delta) {
      if (mined.addAndGet(delta) > chunk) {
        throw new IllegalStateException("killed");
      }
    }

    @Override
    public void finish() {}
  }

  private static MiningRun.Outcome mine(Path out, int chunk, String fingerprint, boolean resume, ProgressListener p)
      throws IOException {
    Miner miner = new Miner(new Miner.Settings(SamplerRegistry.load().parse("simans(a=0.5,b=0)"), 5, 42, 0, true,
        null, null, null), TextLookup.of(bm25), bm25.docIds().size());
    PooledCandidateSource pool = new PooledCandidateSource(List.of(bm25), 50, 60);
    return MiningRun.run(anchors, pool, miner, TrainingFormat.parse("ids"), TextLookup.of(bm25), bm25.docIds(), Map.of(),
        out, new MiningRun.Options(chunk, 2, fingerprint, resume), new MiningManifest("test", null, null, null, null, null), p);
  }

  @Test
  void aRunResumedWithAnotherChunkSizeLosesNoQueryAndEndsByteIdentical() throws Exception {
    Path reference = dir.resolve("reference.jsonl");
    mine(reference, 4, "f", false, ProgressListener.NONE);
    for (int[] sizes : new int[][] {{3, 7}, {7, 3}, {2, 1000}}) {
      Path out = dir.resolve("resumed-" + sizes[0] + "-" + sizes[1] + ".jsonl");
      assertThrows(IllegalStateException.class, () -> mine(out, sizes[0], "f", false, new CrashAfterFirstChunk(sizes[0])));
      assertTrue(Files.exists(MiningRun.checkpointFile(out)), "the first chunk was checkpointed");
      MiningRun.Outcome r = mine(out, sizes[1], "f", true, ProgressListener.NONE);
      assertEquals(sizes[0], r.resumedFromAnchor());
      assertEquals(anchors.size(), r.stats().anchors);
      assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(out), "chunks " + sizes[0] + " then " + sizes[1]);
      assertFalse(Files.exists(MiningRun.partialFile(out)));
      assertFalse(Files.exists(MiningRun.checkpointFile(out)));
    }
  }

  @Test
  void resumeOnACompleteFileChecksItsParameters() throws Exception {
    Path out = dir.resolve("complete.jsonl");
    mine(out, 4, "settings-a", false, ProgressListener.NONE);
    assertTrue(mine(out, 4, "settings-a", true, ProgressListener.NONE).alreadyComplete());
    var e = assertThrows(IllegalArgumentException.class, () -> mine(out, 4, "settings-b", true, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("mined with other inputs or parameters"), e.getMessage());
  }

  @Test
  void aFailureBeforeTheFirstCheckpointLeavesNoPartialFile() throws Exception {
    Path out = dir.resolve("failed.jsonl");
    ProgressListener failAtOnce = new ProgressListener() {
      @Override
      public void start(String task, long total, String unit) {
        throw new IllegalStateException("failed at start");
      }

      @Override
      public void advance(long delta) {}

      @Override
      public void finish() {}
    };
    assertThrows(IllegalStateException.class, () -> mine(out, 4, "f", false, failAtOnce));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("failed")).toList());
    }
  }

  /** Progress moves one query at a time, whatever the chunk size, and ends at the number of queries. */
  @Test
  void progressAdvancesPerQueryNotPerChunk() throws Exception {
    List<Long> deltas = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    ProgressListener recorder = ProgressListener.onAdvance(deltas::add);
    mine(dir.resolve("progress.jsonl"), 1000, "f", false, recorder);
    assertEquals(anchors.size(), deltas.stream().mapToLong(Long::longValue).sum());
    assertTrue(deltas.stream().filter(d -> d > 0).allMatch(d -> d == 1), "one query at a time: " + deltas);
  }
}
