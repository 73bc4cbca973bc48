package dev.foil.index.synthetic;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws distinct pronounceable non-words (consonant-vowel syllables such as {@code bakori}), so that
 * synthetic text has a controlled vocabulary. The vowels exclude {@code e} and {@code y}, which the
 * Porter stemmer rewrites, so two distinct words never stem to the same term; no word is an English
 * stop word, since every word has at least two syllables and starts with a consonant.
 */
final class PseudoWords {
  private static final String CONSONANTS = "bdfgklmnprstvz";
  private static final String VOWELS = "aiou";

  private final SplittableRandom rng;
  private final Set<String> used = new HashSet<>();

  PseudoWords(SplittableRandom rng) {
    this.rng = rng;
  }

  /** A word not returned before. */
  String next() {
    while (true) {
      int syllables = 2 + rng.nextInt(3);
      StringBuilder w = new StringBuilder(2 * syllables);
      for (int i = 0; i < syllables; i++) {
        w.append(CONSONANTS.charAt(rng.nextInt(CONSONANTS.length())));
        w.append(VOWELS.charAt(rng.nextInt(VOWELS.length())));
      }
      String s = w.toString();
      if (used.add(s)) {
        return s;
      }
    }
  }

  /** {@code n} new words. */
  String[] next(int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = next();
    }
    return out;
  }
}
