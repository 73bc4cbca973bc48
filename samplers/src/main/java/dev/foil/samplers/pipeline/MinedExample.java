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
 * @param explanations one per negative, in the same order, when the miner was asked to explain; else empty
 * @param stats the anchor's counters, or {@code null} for an example not made by a {@link Miner}
 * @param teacher a teacher's scores of the positives and negatives (the scores training files carry), or
 *     {@code null} when no teacher rescored them
 */
public record MinedExample(Query query, int[] positives, float[] positiveScores, List<Negative> negatives, int shortfall,
    List<Explanation> explanations, AnchorStats stats, TeacherScores teacher) {
  public MinedExample {
    explanations = List.copyOf(explanations);
    if (!explanations.isEmpty() && explanations.size() != negatives.size()) {
      throw new IllegalArgumentException("one explanation per negative: " + explanations.size() + " for "
          + negatives.size());
    }
    if (teacher != null && (teacher.positives().length != positives.length
        || teacher.negatives().length != negatives.size())) {
      throw new IllegalArgumentException("one teacher score per positive and per negative");
    }
  }

  /**
   * A teacher's scores (a cross-encoder's, say), in the order of the example's positives and negatives.
   */
  public record TeacherScores(float[] positives, float[] negatives) {}

  /** The scores of the positives a training file carries: the teacher's, else the reference source's. */
  public float[] writtenPositiveScores() {
    return teacher != null ? teacher.positives() : positiveScores;
  }

  /** The score of negative {@code i} a training file carries: the teacher's, else the reference source's. */
  public float writtenScore(int i) {
    return teacher != null ? teacher.negatives()[i] : negatives.get(i).score();
  }

  /** An example without explanations or counters. */
  public MinedExample(Query query, int[] positives, float[] positiveScores, List<Negative> negatives, int shortfall) {
    this(query, positives, positiveScores, negatives, shortfall, List.of(), null, null);
  }
}
