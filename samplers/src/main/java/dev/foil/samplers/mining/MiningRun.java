package dev.foil.samplers.mining;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.WorkerPool;
import dev.foil.index.data.Query;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.io.AtomicFile;
import dev.foil.samplers.format.ExampleWriter;
import dev.foil.samplers.pipeline.AnchorStats;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams mining over query chunks: for each chunk, the pools are retrieved, anchors are mined on all
 * threads, and their lines are appended in query order to {@code <out>.partial}, which is then synced
 * and described by {@code <out>.checkpoint.json} (chunks done, bytes, counters). Memory holds one
 * chunk's pools at a time. {@code resume} truncates the partial file to the checkpoint and goes on,
 * so an interrupted run resumed ends byte-identical to an uninterrupted one; at the end the manifest
 * is written and the partial file renamed to {@code out}.
 */
public final class MiningRun {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One anchor to mine: a query and its positives (corpus ordinals). */
  public record Anchor(Query query, int[] positives) {}

  /**
   * How to run.
   *
   * @param chunk anchors per chunk (and per checkpoint)
   * @param threads threads for mining; the output does not depend on it
   * @param fingerprint identifies the inputs and parameters; a checkpoint of another fingerprint is not resumed
   * @param resume go on from a checkpoint if there is one
   */
  public record Options(int chunk, int threads, String fingerprint, boolean resume) {
    public Options {
      if (chunk < 1 || threads < 1) {
        throw new IllegalArgumentException("illegal chunk or threads: " + chunk + ", " + threads);
      }
    }
  }

  /**
   * What the checkpoint file records. Progress is counted in anchors, not chunks, so a run resumed
   * with another chunk size goes on at the first anchor not yet written.
   */
  public static final class Checkpoint {
    public String fingerprint;
    public int anchorsDone;
    public long bytes;
    public MiningStats stats = new MiningStats();
  }

  /** What a run did; {@code resumedFromAnchor} is the number of anchors an earlier run had written. */
  public record Outcome(MiningStats stats, int resumedFromAnchor, boolean alreadyComplete) {}

  private MiningRun() {}

  public static Path partialFile(Path out) {
    return out.resolveSibling(out.getFileName() + ".partial");
  }

  public static Path checkpointFile(Path out) {
    return out.resolveSibling(out.getFileName() + ".checkpoint.json");
  }

  public static Path manifestFile(Path out) {
    return out.resolveSibling(out.getFileName() + ".manifest.json");
  }

  /**
   * Mines every anchor into {@code out}.
   *
   * @param planted known false negatives per query id (ordinals), for diagnostics; may be empty
   * @param manifest the manifest's inputs and parameters; the fingerprint and counters are added at the end
   */
  public static Outcome run(List<Anchor> anchors, PooledCandidateSource source, Miner miner, ExampleWriter format,
      TextLookup texts, DocIds ids, Map<String, Set<Integer>> planted, Path out, Options options,
      MiningManifest manifest, ProgressListener progress) throws IOException {
    Path partial = partialFile(out);
    Path checkpointPath = checkpointFile(out);
    Checkpoint cp = new Checkpoint();
    cp.fingerprint = options.fingerprint();
    int start = 0;
    if (options.resume() && Files.isRegularFile(checkpointPath) && Files.isRegularFile(partial)) {
      Checkpoint saved;
      try {
        saved = JSON.readValue(checkpointPath.toFile(), Checkpoint.class);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new IllegalArgumentException(checkpointPath + ": unreadable checkpoint (" + e.getOriginalMessage()
            + "); run again without --resume to start over");
      }
      if (!options.fingerprint().equals(saved.fingerprint)) {
        throw new IllegalArgumentException(checkpointPath + ": the interrupted run had other inputs or parameters;"
            + " run again without --resume to start over");
      }
      if (saved.anchorsDone > anchors.size() || Files.size(partial) < saved.bytes) {
        throw new IllegalArgumentException(checkpointPath + ": does not match " + partial.getFileName()
            + " (" + saved.anchorsDone + " queries, " + saved.bytes + " bytes recorded); run again without --resume");
      }
      cp = saved;
      start = saved.anchorsDone;
      try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        ch.truncate(saved.bytes);
      }
    } else if (options.resume() && Files.isRegularFile(out) && !Files.exists(checkpointPath)) {
      checkComplete(out, options.fingerprint());
      return new Outcome(null, 0, true);
    } else {
      // A fresh run replaces what an earlier killed or failed run left (partial file, checkpoint).
      Files.deleteIfExists(checkpointPath);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(partial, new byte[0]);
    }
    boolean finished = false;
    try {
      mineFrom(start, anchors, source, miner, format, texts, ids, planted, partial, checkpointPath, cp, options,
          progress);
      MiningManifest done = manifest.finished(options.fingerprint(), cp.stats,
          planted.isEmpty() ? null : cp.stats.falseNegativeRate());
      AtomicFile.writeBytes(manifestFile(out), done::write);
      AtomicFile.move(partial, out);
      Files.deleteIfExists(checkpointPath);
      finished = true;
    } finally {
      if (!finished && !Files.exists(checkpointPath)) {
        Files.deleteIfExists(partial); // nothing a --resume could use
      }
    }
    return new Outcome(cp.stats, start, false);
  }

  /**
   * Checks that the complete {@code out} was mined with {@code fingerprint}, so that {@code --resume}
   * never passes off a file mined with other settings as the one asked for.
   */
  private static void checkComplete(Path out, String fingerprint) throws IOException {
    String saved = Files.isRegularFile(manifestFile(out)) ? MiningManifest.readFor(out).fingerprint() : null;
    if (!fingerprint.equals(saved)) {
      throw new IllegalArgumentException(out + ": complete, but mined with other inputs or parameters"
          + (saved == null ? " (its manifest records none)" : "") + "; run again without --resume to replace it");
    }
  }

  private static void mineFrom(int start, List<Anchor> anchors, PooledCandidateSource source, Miner miner,
      ExampleWriter format, TextLookup texts, DocIds ids, Map<String, Set<Integer>> planted, Path partial,
      Path checkpointPath, Checkpoint cp, Options options, ProgressListener progress) throws IOException {
    progress.start("mine", anchors.size(), "queries");
    progress.advance(start);
    try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      mineChunks(anchors.subList(start, anchors.size()), source, miner, format, texts, ids, planted, options.chunk(),
          options.threads(), progress, (stats, block) -> {
            ByteBuffer bytes = ByteBuffer.wrap(block);
            while (bytes.hasRemaining()) {
              ch.write(bytes);
            }
            ch.force(false);
            for (AnchorStats a : stats) {
              cp.stats.add(a); // anchor by anchor: the counters do not depend on the chunk size
            }
            cp.anchorsDone += stats.length;
            cp.bytes = ch.size();
            Checkpoint snapshot = cp;
            AtomicFile.writeBytes(checkpointPath, os -> JSON.writeValue(os, snapshot));
          });
    } finally {
      progress.finish();
    }
  }

  /** Receives each chunk's lines and counters, in anchor order. */
  @FunctionalInterface
  public interface ChunkSink {
    /**
     * @param stats each anchor's counters, in anchor order
     * @param lines the chunk's lines, UTF-8
     */
    void accept(AnchorStats[] stats, byte[] lines) throws IOException;
  }

  /**
   * Mines {@code anchors} chunk by chunk (pools retrieved per chunk, anchors mined on all threads) and
   * hands each chunk's lines to {@code sink} in anchor order: the bytes do not depend on the chunk size
   * or the threads, so slices of the anchors mined apart and concatenated equal the whole mined at once.
   *
   * @param progress advanced by one as each anchor is mined (from the worker threads), so that a rate
   *     and an ETA are true at any chunk size; a chunk's lines reach {@code sink} after all of its anchors
   */
  public static void mineChunks(List<Anchor> anchors, PooledCandidateSource source, Miner miner,
      ExampleWriter format, TextLookup texts, DocIds ids, Map<String, Set<Integer>> planted, int chunkSize,
      int threads, ProgressListener progress, ChunkSink sink) throws IOException {
    try (WorkerPool pool = new WorkerPool("foil-mine", threads)) {
      for (int from = 0; from < anchors.size(); from += chunkSize) {
        List<Anchor> chunk = anchors.subList(from, Math.min(anchors.size(), from + chunkSize));
        List<Query> queries = new ArrayList<>(chunk.size());
        List<int[]> positives = new ArrayList<>(chunk.size());
        for (Anchor a : chunk) {
          queries.add(a.query());
          positives.add(a.positives());
        }
        List<CandidatePool> pools = source.pools(queries, positives, threads, ProgressListener.NONE);
        String[] lines = new String[chunk.size()];
        AnchorStats[] stats = new AnchorStats[chunk.size()];
        pool.parallelFor(chunk.size(), threads * 4, (lo, hi) -> {
          for (int i = lo; i < hi; i++) {
            Query q = queries.get(i);
            MinedExample ex = miner.mine(pools.get(i), q, planted.getOrDefault(q.id(), Set.of()));
            stats[i] = ex.stats();
            lines[i] = format.lines(ex, texts, ids);
            progress.advance(1);
          }
        });
        StringBuilder block = new StringBuilder();
        for (String l : lines) {
          block.append(l);
        }
        sink.accept(stats, block.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
