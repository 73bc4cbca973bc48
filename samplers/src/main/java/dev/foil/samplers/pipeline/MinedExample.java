package dev.foil.samplers.pipeline;

import dev.foil.index.data.Query;
import java.util.List;

/**
 * The mining result for one anchor.
 *
 * @param query the query
 * @param positives its positives (corpus ordinals), in qrels order
 * @param positiveScores the reference-source score of each positive
 * @param negatives the chosen negatives, in the order chosen
 * @param shortfall how many fewer than asked it has (0 normally): recorded, never silent
 */
public record MinedExample(Query query, int[] positives, float[] positiveScores, List<Negative> negatives, int shortfall) {}
