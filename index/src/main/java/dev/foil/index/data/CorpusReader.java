package dev.foil.index.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams the documents of a BEIR {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text};
 * other fields are ignored) without holding the corpus in memory. A malformed line, a missing
 * {@code _id} or {@code text}, an id that breaks {@link Ids}' rule, or an id seen before is an
 * {@link InputFormatException}.
 */
public final class CorpusReader implements Closeable {
  private final JsonlReader in;
  private final long sizeBytes;
  private final Map<String, Long> firstLine = new HashMap<>();

  private CorpusReader(Path file) throws IOException {
    this.in = new JsonlReader(file, "_id", "title", "text");
    this.sizeBytes = Files.size(file);
  }

  /** Opens {@code file} for reading. */
  public static CorpusReader open(Path file) throws IOException {
    return new CorpusReader(file);
  }

  /** The next document, or {@code null} at the end of the corpus. */
  public Document next() {
    String[] v = in.next();
    if (v == null) {
      return null;
    }
    String id = v[0];
    String bad = Ids.problem(id);
    if (bad != null) {
      throw in.error("_id", bad);
    }
    if (v[2] == null) {
      throw in.error("text", "missing");
    }
    Long seen = firstLine.putIfAbsent(id, in.line());
    if (seen != null) {
      throw in.error("_id", "duplicate id \"" + id + "\" (first on line " + seen + ")");
    }
    return new Document(id, v[1] == null ? "" : v[1], v[2]);
  }

  /** 1-based line of the document returned last. */
  public long line() {
    return in.line();
  }

  /** Size of the file in bytes. */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** Bytes consumed so far, for progress. */
  public long bytesRead() {
    return in.bytesRead();
  }

  /** SHA-256 of the whole file; valid after {@link #next()} returned {@code null}. */
  public String sha256() {
    return in.sha256();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
