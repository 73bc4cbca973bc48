package dev.foil.rankers.biencoder.queue;

import dev.foil.index.data.Query;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/**
 * Which queue entries each query of a batch sees as negatives: never its own positives (masked, as
 * in-batch positives are), never a passage already in the batch (it is in the loss once already), never
 * one a {@link QueueTeacher} (when there is one) judges a likely false negative, and among the rest what
 * the {@link QueueFilter} keeps.
 */
public final class QueueNegatives {
  private QueueNegatives() {}

  /**
   * A batch's choice.
   *
   * @param kept row-major {@code queries × queue size}: whether the entry is a negative of the query
   * @param counts totals over the batch's queries
   */
  public record Choice(boolean[] kept, Counts counts) {}

  /**
   * What the queue gave one step, summed over its queries; logged per step.
   *
   * @param size entries in the queue
   * @param kept (query, entry) pairs used as negatives
   * @param masked pairs left out as the query's own positive or a passage already in the batch
   * @param falseNegatives pairs the filter left out as likely false negatives
   * @param easy pairs the filter left out as not hard enough
   * @param teacher pairs the {@link QueueTeacher} left out as likely false negatives, before the filter
   */
  public record Counts(int size, long kept, long masked, long falseNegatives, long easy, long teacher) {
    /** Counts of a run without a teacher. */
    public Counts(int size, long kept, long masked, long falseNegatives, long easy) {
      this(size, kept, masked, falseNegatives, easy, 0);
    }

    /** The log fields. */
    public java.util.Map<String, Object> fields() {
      return java.util.Map.of("size", size, "kept", kept, "masked", masked, "dropped_false_negatives", falseNegatives,
          "dropped_easy", easy, "dropped_by_teacher", teacher);
    }
  }

  /**
   * @param queries {@code b × d} unit query vectors
   * @param positives {@code b × d} unit vectors of each query's positive in this step
   * @param positiveKeys each query's judged positives ({@code Passage.key()})
   * @param batchKeys every passage of the step's batch
   */
  public static Choice choose(float[] queries, float[] positives, int b, KeyQueue queue,
      List<Set<String>> positiveKeys, Set<String> batchKeys, QueueFilter filter) {
    try {
      return choose(queries, positives, b, queue, positiveKeys, batchKeys, filter, null, List.of());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // only a teacher reads anything
    }
  }

  /**
   * As {@link #choose(float[], float[], int, KeyQueue, List, Set, QueueFilter)}, with a teacher that
   * leaves out likely false negatives before the filter chooses.
   *
   * @param teacher the teacher, or {@code null} for none
   * @param batchQueries the batch's queries (id and text), for the teacher
   */
  public static Choice choose(float[] queries, float[] positives, int b, KeyQueue queue,
      List<Set<String>> positiveKeys, Set<String> batchKeys, QueueFilter filter, QueueTeacher teacher,
      List<Query> batchQueries) throws IOException {
    int d = queue.dimension();
    int n = queue.size();
    boolean[] kept = new boolean[b * n];
    boolean[] inBatch = new boolean[n];
    for (int j = 0; j < n; j++) {
      inBatch[j] = batchKeys.contains(queue.key(j));
    }
    long masked = 0;
    long keptTotal = 0;
    long falseNegatives = 0;
    long easy = 0;
    long byTeacher = 0;
    float[] sims = new float[n];
    boolean[] eligible = new boolean[n];
    for (int i = 0; i < b; i++) {
      float[] q = Arrays.copyOfRange(queries, i * d, (i + 1) * d);
      float positive = VectorUtil.dotProduct(q, Arrays.copyOfRange(positives, i * d, (i + 1) * d));
      for (int j = 0; j < n; j++) {
        eligible[j] = !inBatch[j] && !positiveKeys.get(i).contains(queue.key(j));
        masked += eligible[j] ? 0 : 1;
        sims[j] = eligible[j] ? VectorUtil.dotProduct(q, queue.vector(j)) : Float.NEGATIVE_INFINITY;
      }
      if (teacher != null) {
        byTeacher += teacher.gate(batchQueries.get(i), positiveKeys.get(i), queue, eligible);
      }
      QueueFilter.Selection s = filter.select(sims, positive, eligible);
      keptTotal += s.kept();
      falseNegatives += s.falseNegatives();
      easy += s.easy();
      System.arraycopy(eligible, 0, kept, i * n, n);
    }
    return new Choice(kept, new Counts(n, keptTotal, masked, falseNegatives, easy, byTeacher));
  }
}
