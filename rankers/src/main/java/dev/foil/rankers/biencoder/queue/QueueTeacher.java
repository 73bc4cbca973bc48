package dev.foil.rankers.biencoder.queue;

import dev.foil.index.data.Query;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import dev.foil.samplers.format.Passage;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The teacher form of the queue's selective filtering (Hoang et al., arXiv:2501.16360, 2025, §III-B,
 * "leaves out the noisy ones"): a {@link FalseNegativeEstimator} (the learned adapter, or the teacher
 * margin) judges each eligible queue entry against the query and its judged positives, and the entries it
 * rates more likely relevant than {@code threshold} are left out as false negatives before the
 * {@link QueueFilter} chooses among the rest ({@code --queue-teacher DIR --queue-teacher-threshold P}).
 *
 * @param estimator P(false negative) of candidates, by ordinal
 * @param ordinals a passage id's ordinal for the estimator; throws for an id it does not hold
 * @param threshold entries whose estimate exceeds it are left out, in [0, 1]
 */
public record QueueTeacher(FalseNegativeEstimator estimator, ToIntFunction<String> ordinals, double threshold) {
  public QueueTeacher {
    Objects.requireNonNull(estimator, "estimator");
    Objects.requireNonNull(ordinals, "ordinals");
    requireThreshold(threshold);
  }

  /** Refuses a threshold outside [0, 1], naming the option that sets it. */
  static void requireThreshold(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("illegal queue-teacher-threshold value: " + threshold + ", must be in [0, 1]");
    }
  }

  /**
   * Clears the entries of {@code eligible} that the estimator judges false negatives of {@code query}.
   *
   * @param positiveKeys the query's judged positives ({@link Passage#key()})
   * @param eligible on entry, the queue slots that may serve the query
   * @return how many it cleared
   */
  public int gate(Query query, Set<String> positiveKeys, KeyQueue queue, boolean[] eligible) throws IOException {
    int n = 0;
    for (boolean e : eligible) {
      n += e ? 1 : 0;
    }
    if (n == 0) {
      return 0;
    }
    int[] slots = new int[n];
    int[] candidates = new int[n];
    for (int j = 0, k = 0; j < eligible.length; j++) {
      if (eligible[j]) {
        slots[k] = j;
        candidates[k++] = ordinal(queue.key(j));
      }
    }
    int[] positives = positiveKeys.stream().sorted().mapToInt(this::ordinal).toArray();
    double[] p = estimator.estimate(query, positives, candidates);
    int cleared = 0;
    for (int k = 0; k < n; k++) {
      if (p[k] > threshold) {
        eligible[slots[k]] = false;
        cleared++;
      }
    }
    return cleared;
  }

  private int ordinal(String key) {
    String id = Passage.idOfKey(key);
    if (id == null) {
      throw new IllegalArgumentException("--queue-teacher judges passages by document id, and a passage of the"
          + " training set has none (train from the ids format, or one whose passages carry ids, with --data)");
    }
    return ordinals.applyAsInt(id);
  }
}
