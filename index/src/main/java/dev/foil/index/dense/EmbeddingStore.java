package dev.foil.index.dense;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.foil.index.DocIds;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Corpus embeddings on disk: a float32 matrix ({@code vectors.f32}, little-endian, one row per
 * document in corpus order), the document ids ({@code ids.txt}), a 128-bit content hash per row
 * ({@code hashes.bin}, of the exact text the encoder saw) and {@code store.json} with the encoder's
 * cache key and CRC32C checksums. The matrix is memory-mapped, not read into the heap.
 *
 * <p>Opening verifies sizes and checksums; a truncated or corrupt store is a
 * {@link CorruptStoreException}, which {@link EmbeddingStoreBuilder} answers by rebuilding.
 */
public final class EmbeddingStore implements AutoCloseable {
  static final String MANIFEST = "store.json";

  /** The kind of output directory a store is (its manifest is the pre-marker signature). */
  public static final StagingDirectory.Kind KIND = new StagingDirectory.Kind("embedding-store", MANIFEST);
  static final String VECTORS = "vectors.f32";
  static final String IDS = "ids.txt";
  static final String HASHES = "hashes.bin";
  static final int FORMAT = 1;
  private static final long CHUNK_BYTES = 1L << 30;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The store's manifest.
   *
   * @param format layout version
   * @param model the encoder's short name
   * @param modelSource what finds the encoder again ({@link Encoder#source()})
   * @param maxLength the encoder's maximum length
   * @param cacheKey the encoder's {@link Encoder#cacheKey()}
   * @param dimension floats per row
   * @param count rows
   * @param vectorsCrc32c checksum of {@code vectors.f32}
   * @param hashesCrc32c checksum of {@code hashes.bin}
   * @param idsCrc32c checksum of {@code ids.txt}
   */
  public record Manifest(int format, String model, String modelSource, int maxLength, String cacheKey, int dimension, int count,
      long vectorsCrc32c, long hashesCrc32c, long idsCrc32c) {}

  /** The store is truncated, corrupt, or not a store. */
  public static final class CorruptStoreException extends IOException {
    CorruptStoreException(Path dir, String problem) {
      super(dir + ": embedding store is unusable: " + problem);
    }
  }

  private final Path dir;
  private final Manifest manifest;
  private final DocIds ids;
  private final List<FloatBuffer> chunks;
  private final int rowsPerChunk;
  private final byte[] hashes;

  private EmbeddingStore(Path dir, Manifest m, DocIds ids, List<FloatBuffer> chunks, int rowsPerChunk, byte[] hashes) {
    this.dir = dir;
    this.manifest = m;
    this.ids = ids;
    this.chunks = chunks;
    this.rowsPerChunk = rowsPerChunk;
    this.hashes = hashes;
  }

  /** Whether {@code dir} looks like a store (it may still be corrupt). */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST));
  }

  /**
   * Opens and verifies the store at {@code dir}.
   *
   * @throws CorruptStoreException if any file is missing, truncated or fails its checksum
   */
  public static EmbeddingStore open(Path dir) throws IOException {
    Manifest m;
    try {
      m = JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
    } catch (IOException e) {
      throw new CorruptStoreException(dir, "unreadable " + MANIFEST + " (" + e.getMessage() + ")");
    }
    if (m.format() != FORMAT) {
      throw new CorruptStoreException(dir, "format " + m.format() + " is not " + FORMAT);
    }
    if (m.cacheKey() == null || m.modelSource() == null || m.dimension() < 1) {
      throw new CorruptStoreException(dir, MANIFEST + " lacks the encoder's key, source or dimension");
    }
    long vectorBytes = (long) m.count() * m.dimension() * Float.BYTES;
    requireSize(dir, VECTORS, vectorBytes);
    requireSize(dir, HASHES, (long) m.count() * ContentHash.BYTES);
    byte[] hashes = Files.readAllBytes(dir.resolve(HASHES));
    byte[] idBytes = Files.readAllBytes(dir.resolve(IDS));
    if (crc(hashes) != m.hashesCrc32c()) {
      throw new CorruptStoreException(dir, HASHES + " fails its checksum");
    }
    if (crc(idBytes) != m.idsCrc32c()) {
      throw new CorruptStoreException(dir, IDS + " fails its checksum");
    }
    String idText = new String(idBytes, StandardCharsets.UTF_8);
    List<String> idList = idText.isEmpty() ? List.of() : List.of(idText.split("\n", -1)).subList(0, m.count());
    int rowsPerChunk = (int) Math.max(1, CHUNK_BYTES / ((long) m.dimension() * Float.BYTES));
    List<FloatBuffer> chunks = new ArrayList<>();
    CRC32C crc = new CRC32C();
    try (FileChannel ch = FileChannel.open(dir.resolve(VECTORS), StandardOpenOption.READ)) {
      for (long row = 0; row < m.count(); row += rowsPerChunk) {
        long rows = Math.min(rowsPerChunk, m.count() - row);
        long offset = row * m.dimension() * Float.BYTES;
        MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, offset, rows * m.dimension() * Float.BYTES);
        crc.update(buf.duplicate());
        chunks.add(buf.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
      }
    }
    if (crc.getValue() != m.vectorsCrc32c()) {
      throw new CorruptStoreException(dir, VECTORS + " fails its checksum");
    }
    return new EmbeddingStore(dir, m, DocIds.of(idList), chunks, rowsPerChunk, hashes);
  }

  private static void requireSize(Path dir, String file, long expected) throws IOException {
    Path p = dir.resolve(file);
    if (!Files.isRegularFile(p)) {
      throw new CorruptStoreException(dir, file + " is missing");
    }
    long size = Files.size(p);
    if (size != expected) {
      throw new CorruptStoreException(dir, file + " has " + size + " bytes, expected " + expected + " (truncated?)");
    }
  }

  static long crc(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes);
    return c.getValue();
  }

  /**
   * Writes the manifest of a store whose data files are complete in {@code dir}, with the CRC32C
   * checksums their writer computed as it wrote them.
   */
  static Manifest writeManifest(Path dir, Encoder encoder, int count, long vectorsCrc, long hashesCrc, long idsCrc)
      throws IOException {
    return writeManifest(dir, new Manifest(FORMAT, encoder.name(), encoder.source(), encoder.maxLength(),
        encoder.cacheKey(), encoder.dimension(), count, vectorsCrc, hashesCrc, idsCrc));
  }

  static Manifest writeManifest(Path dir, Manifest m) throws IOException {
    AtomicFile.writeBytes(dir.resolve(MANIFEST), os -> JSON.writeValue(os, m));
    return m;
  }

  public Path dir() {
    return dir;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** Number of rows (documents). */
  public int size() {
    return manifest.count();
  }

  public int dimension() {
    return manifest.dimension();
  }

  /** Document ids in row order (corpus order). */
  public DocIds docIds() {
    return ids;
  }

  /** Copies row {@code row} into {@code dst} at {@code offset}. */
  public void vector(int row, float[] dst, int offset) {
    FloatBuffer chunk = chunks.get(row / rowsPerChunk);
    chunk.get((row % rowsPerChunk) * dimension(), dst, offset, dimension());
  }

  /** All rows as one heap array ({@code size() × dimension()} floats), for indexes that need it. */
  public float[] toArray() {
    float[] all = new float[Math.multiplyExact(size(), dimension())];
    for (int r = 0; r < size(); r++) {
      vector(r, all, r * dimension());
    }
    return all;
  }

  /** The content hash of row {@code row}. */
  ContentHash hash(int row) {
    return ContentHash.of(hashes, row * ContentHash.BYTES);
  }

  @Override
  public void close() {
    // Mapped buffers are released by the garbage collector; nothing else is held open.
  }
}
