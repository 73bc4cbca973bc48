package dev.foil.index.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a text file line by line with strict UTF-8 decoding, keeping the line number, the bytes read
 * (for progress) and a SHA-256 of the content (for manifests and caches). Shared by every reader in
 * this package so that each reports positions the same way.
 */
final class TextLineReader implements Closeable {
  private final Path file;
  private final BufferedReader in;
  private final MessageDigest digest;
  private final CountingStream counter;
  private long line;

  TextLineReader(Path file) throws IOException {
    this.file = file;
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new InputFormatException(file, 0, null, "no such file");
    }
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.counter = new CountingStream(new DigestInputStream(raw, digest));
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.in = new BufferedReader(new InputStreamReader(counter, decoder), 1 << 16);
  }

  Path file() {
    return file;
  }

  /** The next line without its terminator, or {@code null} at the end of the file. */
  String next() {
    try {
      String s = in.readLine();
      if (s != null) {
        line++;
        if (line == 1 && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
          s = s.substring(1); // byte-order mark
        }
      }
      return s;
    } catch (CharacterCodingException e) {
      throw new InputFormatException(file, line + 1, null, "not valid UTF-8");
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** 1-based number of the line returned last. */
  long line() {
    return line;
  }

  /** Bytes consumed from the file so far (read ahead by the buffer, so approximate mid-file). */
  long bytesRead() {
    return counter.count;
  }

  /** SHA-256 of the file's bytes; meaningful once {@link #next()} has returned {@code null}. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static final class CountingStream extends FilterInputStream {
    volatile long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
