package dev.foil.index.dense;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * An embedding store encoded in shards (contiguous slices of a corpus, e.g. by a Spark job's tasks):
 * {@code shards.json} lists each shard with its rows and checksums, and the whole store is their
 * concatenation in order, an ordinary {@link EmbeddingStore} that every reader opens as usual.
 */
public final class StoreShards {
  /** The shard list's file name. */
  public static final String FILE = "shards.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One shard.
   *
   * @param dir its directory, relative to the shard list
   * @param count its rows
   */
  public record Shard(String dir, int count, long vectorsCrc32c, long hashesCrc32c, long idsCrc32c) {}

  /**
   * The shard list.
   *
   * @param cacheKey the encoder every shard was built by
   * @param count rows of all shards
   */
  public record Listing(String cacheKey, int dimension, int count, List<Shard> shards) {}

  private StoreShards() {}

  /**
   * Concatenates the stores {@code shards} (verified as they are opened, built by one encoder) into
   * the store {@code out}, replaced atomically, and writes their listing to {@code listing}.
   *
   * @throws EmbeddingStore.CorruptStoreException if a shard is unusable
   * @throws IllegalArgumentException if the shards were built by different encoders
   */
  public static Listing concatenate(List<Path> shards, Path out, Path listing) throws IOException {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("no shards to concatenate");
    }
    List<Shard> described = new ArrayList<>();
    EmbeddingStore.Manifest first = null;
    int count = 0;
    for (Path p : shards) {
      EmbeddingStore.Manifest m = EmbeddingStore.open(p).manifest(); // checks every checksum
      if (first == null) {
        first = m;
      } else if (!m.cacheKey().equals(first.cacheKey()) || m.dimension() != first.dimension()) {
        throw new IllegalArgumentException(p + ": built by " + m.cacheKey() + ", the first shard by " + first.cacheKey());
      }
      described.add(new Shard(listing.toAbsolutePath().getParent().relativize(p.toAbsolutePath()).toString(),
          m.count(), m.vectorsCrc32c(), m.hashesCrc32c(), m.idsCrc32c()));
      count += m.count();
    }
    try (StagingDirectory staging = StagingDirectory.create(out, EmbeddingStore.KIND, true)) {
      long vectors = concatenate(shards, EmbeddingStore.VECTORS, staging.path());
      long hashes = concatenate(shards, EmbeddingStore.HASHES, staging.path());
      long ids = concatenate(shards, EmbeddingStore.IDS, staging.path());
      EmbeddingStore.Manifest m = new EmbeddingStore.Manifest(EmbeddingStore.FORMAT, first.model(), first.modelSource(),
          first.maxLength(), first.cacheKey(), first.dimension(), count, vectors, hashes, ids);
      EmbeddingStore.writeManifest(staging.path(), m);
      staging.commit();
    }
    Listing l = new Listing(first.cacheKey(), first.dimension(), count, described);
    AtomicFile.writeBytes(listing, os -> JSON.writeValue(os, l));
    EmbeddingStore.open(out).close(); // the whole store verifies, as any reader will
    return l;
  }

  private static long concatenate(List<Path> shards, String file, Path dir) throws IOException {
    CRC32C crc = new CRC32C();
    try (OutputStream os = new CheckedOutputStream(Files.newOutputStream(dir.resolve(file)), crc)) {
      for (Path p : shards) {
        try (InputStream in = Files.newInputStream(p.resolve(file))) {
          in.transferTo(os);
        }
      }
    }
    return crc.getValue();
  }
}
