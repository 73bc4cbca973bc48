package dev.foil.samplers.pipeline;

/**
 * What one stage of the miner did to one anchor's candidates.
 *
 * @param stage the stage's name, e.g. {@code positives}, {@code fn-drop(0.5)} or {@code sampler simans(a=1,b=0)}
 * @param kept candidates it passed on
 * @param dropped candidates it removed (for the sampler: those it did not choose)
 */
public record StageCount(String stage, int kept, int dropped) {}
