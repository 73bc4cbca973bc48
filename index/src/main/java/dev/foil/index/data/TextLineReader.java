package dev.foil.index.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads a text file line by line with strict UTF-8 decoding, keeping the line number, the bytes read
 * (for progress) and a SHA-256 of the content (for manifests and caches). Shared by every reader in
 * this package so that each reports positions the same way.
 */
public final class TextLineReader implements Closeable {
  private final Path file;
  private final InputStream in;
  private final MessageDigest digest;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] chunk = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] buf = new byte[1 << 12];
  private long line;
  private long bytes;

  public TextLineReader(Path file) throws IOException {
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
    this.in = new DigestInputStream(raw, digest);
  }

  public Path file() {
    return file;
  }

  /**
   * The next line without its terminator ({@code \n} or {@code \r\n}), or {@code null} at the end of
   * the file. Each line is decoded on its own, so an encoding error names its own line.
   */
  public String next() {
    try {
      int n = 0;
      boolean newline = false;
      while (true) {
        if (pos == limit) {
          limit = in.read(chunk, 0, chunk.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            break;
          }
        }
        int end = pos;
        while (end < limit && chunk[end] != '\n') {
          end++;
        }
        int len = end - pos;
        if (n + len > buf.length) {
          buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + len));
        }
        System.arraycopy(chunk, pos, buf, n, len);
        n += len;
        pos = end;
        if (end < limit) {
          pos++; // the newline
          newline = true;
          break;
        }
      }
      if (!newline && n == 0) {
        return null;
      }
      bytes += n + (newline ? 1 : 0);
      line++;
      if (n > 0 && buf[n - 1] == '\r') {
        n--;
      }
      int start = 0;
      if (line == 1 && n >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
        start = 3; // byte-order mark
      }
      try {
        return decoder.decode(ByteBuffer.wrap(buf, start, n - start)).toString();
      } catch (CharacterCodingException e) {
        throw new InputFormatException(file, line, null, "not valid UTF-8");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** 1-based number of the line returned last. */
  public long line() {
    return line;
  }

  /** Bytes of the lines returned so far, for progress. */
  public long bytesRead() {
    return bytes;
  }

  /** SHA-256 of the file's bytes; meaningful once {@link #next()} has returned {@code null}. */
  public String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
