package dev.foil.recsys.data;

/**
 * False positives to inject into training ({@code --noise FRACTION[:SEED]}): the share of each user's
 * training interactions replaced by random items, and the seed that chooses them
 * ({@link InteractionData#withFalsePositives}).
 *
 * @param fraction in [0, 1)
 * @param seed fixes which interactions go and which items replace them
 */
public record Noise(double fraction, long seed) {
  public Noise {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("noise: illegal fraction " + fraction + ", must be in [0, 1)");
    }
  }

  /** Parses {@code 0.2} or {@code 0.2:SEED}; the seed defaults to {@code defaultSeed}. */
  public static Noise parse(String text, long defaultSeed) {
    String[] f = text.split(":");
    if (f.length == 1 || f.length == 2) {
      try {
        double fraction = Double.parseDouble(f[0]);
        if (fraction >= 0 && fraction < 1) {
          return new Noise(fraction, f.length == 2 ? Long.parseLong(f[1]) : defaultSeed);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("illegal noise \"" + text + "\": use FRACTION[:SEED] with FRACTION in [0, 1)");
  }

  @Override
  public String toString() {
    return fraction + ":" + seed;
  }
}
