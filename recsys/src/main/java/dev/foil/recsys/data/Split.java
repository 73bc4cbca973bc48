package dev.foil.recsys.data;

import java.util.SplittableRandom;

/**
 * How a single interaction log becomes train and test.
 *
 * @param leaveOneOut hold out each user's latest interaction (ties broken by input order) instead of a
 *     random fraction
 * @param testFraction the fraction of each user's interactions held out at random (rounded, at least
 *     one when the user has two or more, never all)
 * @param seed the seed of the random split
 */
public record Split(boolean leaveOneOut, double testFraction, long seed) {

  public Split {
    if (!leaveOneOut && !(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("illegal test fraction " + testFraction + ", must be in (0, 1)");
    }
  }

  /** A seeded random split holding out {@code fraction} of each user's items. */
  public static Split random(double fraction, long seed) {
    return new Split(false, fraction, seed);
  }

  /** Each user's latest interaction is the test. */
  public static Split latestPerUser() {
    return new Split(true, 0, 0);
  }

  /**
   * A random split's choice for one user: shuffles {@code interactions} (that user's, in a fixed order)
   * with a generator seeded by the split's seed and the user, and returns how many at the front are held
   * out — the fraction rounded, at least one when the user has two or more, never all.
   */
  public int holdOut(int user, int[] interactions) {
    if (leaveOneOut) {
      throw new IllegalStateException("leave-one-out holds out by time, not at random");
    }
    int n = interactions.length;
    if (n < 2) {
      return 0;
    }
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + user);
    for (int k = n - 1; k > 0; k--) {
      int j = rng.nextInt(k + 1);
      int x = interactions[k];
      interactions[k] = interactions[j];
      interactions[j] = x;
    }
    return (int) Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
  }

  /** Parses {@code random:0.2}, {@code random:0.2:SEED} or {@code leave-one-out}. */
  public static Split parse(String text, long defaultSeed) {
    if (text.equals("leave-one-out")) {
      return latestPerUser();
    }
    String[] f = text.split(":");
    if (f[0].equals("random") && (f.length == 2 || f.length == 3)) {
      try {
        return random(Double.parseDouble(f[1]), f.length == 3 ? Long.parseLong(f[2]) : defaultSeed);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("illegal split \"" + text + "\": use random:FRACTION[:SEED] or leave-one-out");
  }

  @Override
  public String toString() {
    return leaveOneOut ? "leave-one-out" : "random:" + testFraction + ":" + seed;
  }
}
