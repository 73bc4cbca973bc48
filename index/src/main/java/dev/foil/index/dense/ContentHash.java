package dev.foil.index.dense;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The first 128 bits of the SHA-256 of a text: the key under which a passage's embedding is reused.
 *
 * @param high first 64 bits
 * @param low next 64 bits
 */
record ContentHash(long high, long low) {
  static final int BYTES = 16;

  static ContentHash of(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return of(d, 0);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static ContentHash of(byte[] bytes, int offset) {
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, BYTES);
    return new ContentHash(b.getLong(), b.getLong());
  }

  void writeTo(ByteBuffer out) {
    out.putLong(high).putLong(low);
  }
}
