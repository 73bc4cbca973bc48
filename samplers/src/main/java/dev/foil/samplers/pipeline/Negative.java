package dev.foil.samplers.pipeline;

/**
 * One mined negative and why it is there.
 *
 * @param doc corpus ordinal
 * @param score reference-source score (from the source itself for a document outside the pool; NaN only
 *     for a miner without a reference scorer ({@link dev.foil.samplers.adapt.CandidateScorer}))
 * @param rank reference-source 1-based rank, 0 when not ranked by it
 * @param source the source that ranked it best (by rank), or {@code corpus} for a top-up
 * @param weight training weight (1 unless an adapter or CET re-weighted it)
 * @param reason the sampler spec that chose it, or {@code top-up(random)}
 * @param topUp whether it was added because the sampler found too few
 */
public record Negative(int doc, float score, int rank, String source, double weight, String reason, boolean topUp) {}
