package dev.foil.index.fusion;

import dev.foil.index.data.Query;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.Sha256;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Candidate pools kept on disk, so that mining the same queries from the same sources again — another
 * sampler, another seed — reads the pools instead of searching and scoring again. A file holds the pools
 * of one batch of queries and is named by the SHA-256 of the sources' fingerprint (indexes, store,
 * query model, depth, fusion constant: whatever the caller says determines a pool) and of the batch's
 * query ids, texts and positives; a pool is therefore only ever reused for exactly what produced it.
 */
public final class PoolCache {
  private static final int MAGIC = 0x504f4f4c; // "POOL"
  private static final int VERSION = 1;

  private final Path dir;
  private final String fingerprint;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /** Computes the pools of a batch on a miss. */
  @FunctionalInterface
  public interface Compute {
    List<CandidatePool> pools() throws IOException;
  }

  /**
   * @param dir where the pool files go (created on first write)
   * @param fingerprint text naming everything besides the queries that determines a pool
   */
  public PoolCache(Path dir, String fingerprint) {
    this.dir = dir;
    this.fingerprint = fingerprint;
  }

  /** The batch's pools from the cache, or computed and stored. */
  public List<CandidatePool> get(List<Query> queries, List<int[]> positives, Compute compute) throws IOException {
    StringBuilder key = new StringBuilder(fingerprint);
    for (int q = 0; q < queries.size(); q++) {
      key.append('\n').append(queries.get(q).id()).append('\t').append(queries.get(q).text()).append('\t')
          .append(Arrays.toString(positives.get(q)));
    }
    Path file = dir.resolve(Sha256.of(key.toString()) + ".pools");
    if (Files.isRegularFile(file)) {
      hits.addAndGet(queries.size());
      return read(file);
    }
    List<CandidatePool> pools = compute.pools();
    Files.createDirectories(dir);
    AtomicFile.writeBytes(file, o -> write(pools, new DataOutputStream(new BufferedOutputStream(o))));
    misses.addAndGet(queries.size());
    return pools;
  }

  /** Queries whose pools were read from the cache. */
  public long hits() {
    return hits.get();
  }

  /** Queries whose pools were computed (and stored). */
  public long misses() {
    return misses.get();
  }

  private static void write(List<CandidatePool> pools, DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(pools.size());
    for (CandidatePool p : pools) {
      out.writeUTF(p.queryId());
      out.writeInt(p.sources().size());
      for (String s : p.sources()) {
        out.writeUTF(s);
      }
      ints(out, p.docs());
      floats(out, p.fused());
      for (int s = 0; s < p.sources().size(); s++) {
        floats(out, p.scores()[s]);
        ints(out, p.ranks()[s]);
      }
      ints(out, p.positives());
      for (int s = 0; s < p.sources().size(); s++) {
        floats(out, p.positiveScores()[s]);
        ints(out, p.positiveRanks()[s]);
      }
    }
    out.flush();
  }

  private static List<CandidatePool> read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + ": not a pool file of this version");
      }
      int n = in.readInt();
      List<CandidatePool> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String query = in.readUTF();
        int ns = in.readInt();
        List<String> sources = new ArrayList<>(ns);
        for (int s = 0; s < ns; s++) {
          sources.add(in.readUTF());
        }
        int[] docs = ints(in);
        float[] fused = floats(in);
        float[][] scores = new float[ns][];
        int[][] ranks = new int[ns][];
        for (int s = 0; s < ns; s++) {
          scores[s] = floats(in);
          ranks[s] = ints(in);
        }
        int[] positives = ints(in);
        float[][] positiveScores = new float[ns][];
        int[][] positiveRanks = new int[ns][];
        for (int s = 0; s < ns; s++) {
          positiveScores[s] = floats(in);
          positiveRanks[s] = ints(in);
        }
        out.add(new CandidatePool(query, List.copyOf(sources), docs, fused, scores, ranks, positives, positiveScores,
            positiveRanks));
      }
      return out;
    }
  }

  private static void ints(DataOutputStream out, int[] v) throws IOException {
    out.writeInt(v.length);
    for (int x : v) {
      out.writeInt(x);
    }
  }

  private static void floats(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v.length);
    for (float x : v) {
      out.writeFloat(x);
    }
  }

  private static int[] ints(DataInputStream in) throws IOException {
    int[] v = new int[in.readInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readInt();
    }
    return v;
  }

  private static float[] floats(DataInputStream in) throws IOException {
    float[] v = new float[in.readInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readFloat();
    }
    return v;
  }
}
