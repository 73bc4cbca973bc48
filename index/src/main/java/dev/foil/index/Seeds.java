package dev.foil.index;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Where every random choice's seed comes from: a run's seed, mixed with what the choice is about (an
 * anchor's id, an epoch and a step, an example). Mining, training and recommendation all derive their
 * generators here, so a seed fixes every output independent of threads, chunks and resumes. Engines
 * (PyTorch's generator) are seeded by {@code dev.foil.train.Devices.seed} with a value from here, once
 * per use.
 */
public final class Seeds {
  private Seeds() {}

  /**
   * A well-mixed 64-bit seed from a run seed and indices (e.g. epoch and step), murmur3-style finalised.
   * The same arguments always give the same seed; any change in one index changes all its bits.
   */
  public static long mix(long seed, long... indices) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (long i : indices) {
      h = (h ^ i) * 0xC2B2AE3D27D4EB4FL;
      h ^= h >>> 31;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    return h ^ (h >>> 33);
  }

  /**
   * The generator for the item named {@code key} (e.g. an anchor's query id): a function of the seed and
   * the FNV-1a hash of the key's UTF-8 bytes, so it does not depend on the order items are processed in.
   */
  public static SplittableRandom forKey(long seed, String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
  }
}
