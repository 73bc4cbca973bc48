package dev.foil.samplers.adapt;

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
