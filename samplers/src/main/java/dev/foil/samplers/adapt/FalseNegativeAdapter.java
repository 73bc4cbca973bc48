package dev.foil.samplers.adapt;

import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/**
 * How a false-negative estimate p changes mining, parsed from a spec:
 *
 * <ul>
 *   <li>{@code fn-drop(t)}: candidates with p > t are removed before sampling;
 *   <li>{@code fn-reweight}: each chosen negative's weight is multiplied by 1 − p;
 *   <li>{@code fn-resample}: the sampler proposes twice as many negatives, and n are drawn from the
 *       proposals with probability ∝ 1 − p.
 * </ul>
 *
 * @param mode which of the three
 * @param threshold t for {@code fn-drop}
 */
public record FalseNegativeAdapter(Mode mode, double threshold) {
  /** The three adapters. */
  public enum Mode { DROP, REWEIGHT, RESAMPLE }

  /** Parses {@code fn-drop(0.5)}, {@code fn-reweight} or {@code fn-resample}. */
  public static FalseNegativeAdapter parse(String text) {
    Spec s = Spec.parse(text);
    return switch (s.name()) {
      case "fn-drop" -> new FalseNegativeAdapter(Mode.DROP, Parameters.bind(s, List.of("t")).inRange("t", 0.5, 0, 1));
      case "fn-reweight" -> {
        Parameters.bind(s, List.of());
        yield new FalseNegativeAdapter(Mode.REWEIGHT, 0);
      }
      case "fn-resample" -> {
        Parameters.bind(s, List.of());
        yield new FalseNegativeAdapter(Mode.RESAMPLE, 0);
      }
      default -> throw new IllegalArgumentException(
          "unknown false-negative adapter \"" + s.name() + "\": use fn-drop(t), fn-reweight or fn-resample");
    };
  }

  /** The canonical spec. */
  public String spec() {
    return switch (mode) {
      case DROP -> "fn-drop(" + Parameters.format(threshold) + ")";
      case REWEIGHT -> "fn-reweight";
      case RESAMPLE -> "fn-resample";
    };
  }
}
