package dev.foil.samplers.pipeline;

/**
 * The defaults of mining, in one place: the command line ({@code foil mine}, re-mining in
 * {@code foil train}), the embedded builder and experiment specs all take theirs from here. The RRF
 * constant of pooled sources is {@link dev.foil.index.fusion.PooledCandidateSource#DEFAULT_RRF_K}.
 */
public final class MiningDefaults {
  /** The sampler spec. */
  public static final String SAMPLER = "simans(a=1,b=0)";
  /** Negatives per query. */
  public static final int NEGATIVES = 15;
  /** Candidates taken from each source. */
  public static final int DEPTH = 200;

  private MiningDefaults() {}
}
