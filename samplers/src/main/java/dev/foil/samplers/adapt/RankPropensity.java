package dev.foil.samplers.adapt;

import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/**
 * Baseline selection model: judging follows rank, P(judged | rank r) = min(1, (r₀ / r)^η), the
 * position-based propensity of counterfactual learning to rank (Joachims et al., WSDM 2017); a
 * candidate the source did not rank gets the propensity of rank {@code unranked}.
 *
 * @param r0 ranks up to r₀ are always judged
 * @param eta how fast judging falls with rank
 * @param unranked the rank assumed for unranked candidates
 */
public record RankPropensity(double r0, double eta, int unranked) implements SelectionModel {
  public RankPropensity {
    if (!(r0 >= 1) || !(eta >= 0) || unranked < 1) {
      throw new IllegalArgumentException("illegal rank-propensity settings: r0=" + r0 + ", eta=" + eta + ", unranked=" + unranked);
    }
  }

  /** Parses {@code rank-propensity(r0,eta,unranked)}; defaults r₀ = 10, η = 1, unranked = 1000. */
  public static RankPropensity parse(String text) {
    Spec sp = Spec.parse(text);
    if (!sp.name().equals("rank-propensity")) {
      throw new IllegalArgumentException("unknown selection model \"" + sp.name() + "\": use rank-propensity(r0,eta)");
    }
    Parameters p = Parameters.bind(sp, List.of("r0", "eta", "unranked"));
    return new RankPropensity(p.inRange("r0", 10, 1, 1e9), p.inRange("eta", 1, 0, 100), p.integer("unranked", 1000, 1));
  }

  @Override
  public double[] pJudged(String queryId, int[] candidates, int[] ranks) {
    double[] p = new double[candidates.length];
    for (int i = 0; i < p.length; i++) {
      int r = ranks[i] > 0 ? ranks[i] : unranked;
      p[i] = Math.min(1, Math.pow(r0 / r, eta));
    }
    return p;
  }
}
