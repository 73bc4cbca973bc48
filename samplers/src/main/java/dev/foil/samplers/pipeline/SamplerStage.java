package dev.foil.samplers.pipeline;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.WeightedDraw;
import dev.foil.samplers.adapt.FalseNegativeAdapter;

/**
 * Runs the sampler over the remaining candidates; with {@code fn-resample} it proposes twice as many
 * and n are drawn from the proposals with probability ∝ 1 − p (log(1 − p) passed to the draw).
 */
final class SamplerStage implements MinerStage {
  private final NegativeSampler sampler;

  /** @param sampler the sampler that draws: the settings' own, or a composition's last stage */
  SamplerStage(NegativeSampler sampler) {
    this.sampler = sampler;
  }

  @Override
  public StageCount apply(AnchorWork w) {
    int n = w.settings.n();
    SamplingContext ctx = context(w);
    FalseNegativeAdapter adapter = w.settings.adapter();
    boolean resample = adapter != null && adapter.mode() == FalseNegativeAdapter.Mode.RESAMPLE;
    if (w.explain) {
      double[] p = sampler.firstDrawProbabilities(ctx);
      for (int i = 0; p != null && i < p.length; i++) {
        w.probability.put(ctx.docs()[i], p[i]);
      }
    }
    int[] picked = sampler.sample(ctx, resample ? 2 * n : n);
    if (resample && picked.length > 0) {
      double[] logWeights = new double[picked.length];
      for (int i = 0; i < logWeights.length; i++) {
        logWeights[i] = Math.log1p(-w.pFalse.getOrDefault(picked[i], 0.0));
      }
      int[] idx = WeightedDraw.withoutReplacement(logWeights, n, w.rng);
      int[] chosen = new int[idx.length];
      for (int i = 0; i < idx.length; i++) {
        chosen[i] = picked[idx[i]];
      }
      picked = chosen;
    }
    w.picked = picked;
    return new StageCount("sampler " + sampler.spec(), picked.length, Math.max(0, w.keep.size() - picked.length));
  }

  /** The sampler's view of the anchor's remaining candidates. */
  static SamplingContext context(AnchorWork w) {
    int m = w.keep.size();
    int ns = w.pool.sources().size();
    int ref = w.settings.referenceSource();
    int[] docs = new int[m];
    float[] scores = new float[m];
    int[] ranks = new int[m];
    float[][] sourceScores = new float[ns][m];
    int[][] sourceRanks = new int[ns][m];
    for (int j = 0; j < m; j++) {
      int i = w.keep.get(j);
      docs[j] = w.pool.docs()[i];
      scores[j] = w.pool.scores()[ref][i];
      ranks[j] = w.pool.ranks()[ref][i];
      for (int s = 0; s < ns; s++) {
        sourceScores[s][j] = w.pool.scores()[s][i];
        sourceRanks[s][j] = w.pool.ranks()[s][i];
      }
    }
    return new SamplingContext(w.query.id(), docs, scores, ranks, w.pool.sources(), sourceScores, sourceRanks,
        w.positiveScore, w.corpusSize, w.excluded::contains, w.rng);
  }
}
