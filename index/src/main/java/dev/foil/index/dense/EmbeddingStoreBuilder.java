package dev.foil.index.dense;

import dev.foil.index.ProgressListener;
import dev.foil.index.data.CorpusReader;
import dev.foil.index.data.Document;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.io.StagingDirectory;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Encodes a corpus into an {@link EmbeddingStore}, reusing every vector the previous store at the
 * same place already holds for the same encoder and the same text (matched by content hash, so
 * reordered, added or edited documents are handled), and encoding only the rest. A store that fails
 * its checksums is rebuilt with a warning. The new store replaces the old one atomically; when
 * nothing changed, nothing is rewritten.
 */
public final class EmbeddingStoreBuilder {
  private static final int CHUNK = 2048;

  /**
   * What one build did.
   *
   * @param documents corpus size
   * @param encoded texts run through the encoder
   * @param reused vectors taken from the previous store
   * @param rewritten whether the store on disk was replaced
   * @param seconds wall time
   */
  public record Report(int documents, int encoded, int reused, boolean rewritten, double seconds) {
    /** Share of documents served from the previous store. */
    public double hitRate() {
      return documents == 0 ? 1 : (double) reused / documents;
    }
  }

  private EmbeddingStoreBuilder() {}

  /**
   * Encodes {@code corpus} with {@code encoder} into the store at {@code out}.
   *
   * @param warnings receives one line per problem met (a corrupt previous store, another model)
   * @throws InputFormatException if {@code out} holds something that is not an embedding store
   */
  public static Report build(Path corpus, Encoder encoder, Path out, ProgressListener progress,
      Consumer<String> warnings) throws IOException {
    return build(corpus, encoder, out, List.of(), progress, warnings);
  }

  /**
   * Like {@link #build(Path, Encoder, Path, ProgressListener, Consumer)}, also reusing the vectors of
   * the stores at {@code alsoReuse} (those that exist and were built by the same encoder): a shard of a
   * corpus whose documents moved to another shard since the last run encodes none of them again.
   */
  public static Report build(Path corpus, Encoder encoder, Path out, List<Path> alsoReuse, ProgressListener progress,
      Consumer<String> warnings) throws IOException {
    long t0 = System.nanoTime();
    EmbeddingStore previous = previous(out, encoder, warnings);
    List<EmbeddingStore> sources = new ArrayList<>();
    try {
      if (previous != null) {
        sources.add(previous);
      }
      for (Path other : alsoReuse) {
        if (!other.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize()) && EmbeddingStore.exists(other)) {
          try {
            EmbeddingStore s = EmbeddingStore.open(other);
            if (s.manifest().cacheKey().equals(encoder.cacheKey())) {
              sources.add(s);
            } else {
              s.close();
            }
          } catch (EmbeddingStore.CorruptStoreException e) {
            warnings.accept(e.getMessage() + "; not reusing its vectors");
          }
        }
      }
      return build(corpus, encoder, out, previous, sources, progress, t0);
    } finally {
      for (EmbeddingStore s : sources) {
        s.close();
      }
    }
  }

  private static Report build(Path corpus, Encoder encoder, Path out, EmbeddingStore previous,
      List<EmbeddingStore> sources, ProgressListener progress, long t0) throws IOException {
    // Where each text's vector can be copied from: (store << 32) | row, the first store holding it winning.
    Map<ContentHash, Long> reusable = new HashMap<>();
    for (int st = 0; st < sources.size(); st++) {
      EmbeddingStore s = sources.get(st);
      for (int r = 0; r < s.size(); r++) {
        reusable.putIfAbsent(s.hash(r), ((long) st << 32) | r);
      }
    }

    // Pass 1: hash every text and find what must be encoded.
    List<ContentHash> hashes = new ArrayList<>();
    BitSet missing = new BitSet();
    boolean sameAsPrevious = previous != null;
    try (CorpusReader reader = CorpusReader.open(corpus)) {
      Document d;
      while ((d = reader.next()) != null) {
        int row = hashes.size();
        ContentHash h = ContentHash.of(encoder.passageInput(d.contents()));
        hashes.add(h);
        if (!reusable.containsKey(h)) {
          missing.set(row);
        }
        sameAsPrevious = sameAsPrevious && row < previous.size() && previous.hash(row).equals(h)
            && previous.docIds().id(row).equals(d.id());
      }
    }
    int n = hashes.size();
    if (n == 0) {
      throw new InputFormatException(corpus, 0, null, "no documents: a store needs at least one");
    }
    int toEncode = missing.cardinality();
    if (sameAsPrevious && n == previous.size()) {
      return new Report(n, 0, n, false, (System.nanoTime() - t0) / 1e9);
    }

    // Pass 2: write the new store, encoding the missing texts chunk by chunk.
    int dim = encoder.dimension();
    progress.start("encode", toEncode, "texts");
    ProgressListener forward = ProgressListener.onAdvance(progress::advance);
    try (StagingDirectory staging = StagingDirectory.create(out, EmbeddingStore.KIND, true, corpus);
        CorpusReader reader = CorpusReader.open(corpus)) {
      Path dir = staging.path();
      // Checksums are computed on the bytes as they are written, not by reading the files back.
      CRC32C vectorsCrc = new CRC32C();
      CRC32C hashesCrc = new CRC32C();
      CRC32C idsCrc = new CRC32C();
      try (OutputStream vectors = new BufferedOutputStream(
              new CheckedOutputStream(Files.newOutputStream(dir.resolve(EmbeddingStore.VECTORS)), vectorsCrc), 1 << 20);
          OutputStream hashOut = new BufferedOutputStream(
              new CheckedOutputStream(Files.newOutputStream(dir.resolve(EmbeddingStore.HASHES)), hashesCrc));
          BufferedWriter ids = new BufferedWriter(new OutputStreamWriter(
              new CheckedOutputStream(Files.newOutputStream(dir.resolve(EmbeddingStore.IDS)), idsCrc),
              StandardCharsets.UTF_8))) {
        ByteBuffer row = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer hashBuf = ByteBuffer.allocate(ContentHash.BYTES);
        float[] copy = new float[dim];
        List<Document> chunk = new ArrayList<>(CHUNK);
        int base = 0;
        Document d;
        while (true) {
          d = reader.next();
          if (d != null) {
            chunk.add(d);
          }
          if (chunk.size() == CHUNK || (d == null && !chunk.isEmpty())) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
              if (missing.get(base + i)) {
                texts.add(chunk.get(i).contents()); // the encoder adds its passage prefix
              }
            }
            float[] fresh = texts.isEmpty() ? new float[0] : encoder.encodePassages(texts, forward);
            int next = 0;
            for (int i = 0; i < chunk.size(); i++) {
              int r = base + i;
              float[] v;
              int off;
              if (missing.get(r)) {
                v = fresh;
                off = next++ * dim;
              } else {
                long at = reusable.get(hashes.get(r));
                sources.get((int) (at >>> 32)).vector((int) at, copy, 0);
                v = copy;
                off = 0;
              }
              row.clear();
              row.asFloatBuffer().put(v, off, dim);
              vectors.write(row.array());
              hashBuf.clear();
              hashes.get(r).writeTo(hashBuf);
              hashOut.write(hashBuf.array());
              ids.write(chunk.get(i).id());
              ids.write('\n');
            }
            base += chunk.size();
            chunk.clear();
          }
          if (d == null) {
            break;
          }
        }
      }
      EmbeddingStore.writeManifest(dir, encoder, n, vectorsCrc.getValue(), hashesCrc.getValue(), idsCrc.getValue());
      staging.commit();
    } finally {
      progress.finish();
    }
    return new Report(n, toEncode, n - toEncode, true, (System.nanoTime() - t0) / 1e9);
  }

  private static EmbeddingStore previous(Path out, Encoder encoder, Consumer<String> warnings) throws IOException {
    if (!Files.exists(out)) {
      return null;
    }
    if (!EmbeddingStore.exists(out)) {
      boolean empty;
      try (Stream<Path> s = Files.list(out)) {
        empty = s.findAny().isEmpty();
      }
      if (!empty) {
        throw new InputFormatException(out, 0, null, "exists and is not an embedding store; refusing to replace it");
      }
      return null;
    }
    try {
      EmbeddingStore s = EmbeddingStore.open(out);
      if (!s.manifest().cacheKey().equals(encoder.cacheKey())) {
        warnings.accept(out + ": embedding store was built by another encoder (" + s.manifest().cacheKey()
            + "); encoding everything again");
        return null;
      }
      return s;
    } catch (EmbeddingStore.CorruptStoreException e) {
      warnings.accept(e.getMessage() + "; rebuilding it");
      return null;
    }
  }
}
