package dev.foil.rankers.biencoder.queue;

import java.nio.file.Path;

/**
 * The queue of a bi-encoder run ({@code --queue}, {@code --momentum}, {@code --queue-filter},
 * {@code --queue-teacher}, {@code --queue-teacher-threshold}).
 *
 * @param size entries held (the last passages seen), 0 for no queue
 * @param momentum m of the key encoder's update θ_k ← m·θ_k + (1 − m)·θ_q in full fine-tuning, in [0, 1)
 * @param filter the {@link QueueFilter} spec choosing each query's queue negatives
 * @param teacher a false-negative adapter's directory ({@code foil train fn-adapter}) whose estimates leave
 *     likely false negatives out of the queue before the filter ({@link QueueTeacher}), or {@code null}
 * @param teacherThreshold entries the teacher rates above this P(false negative) are left out, in [0, 1]
 */
public record QueueSettings(int size, float momentum, String filter, Path teacher, double teacherThreshold) {
  /** The threshold when none is given. */
  public static final double TEACHER_THRESHOLD = 0.5;
  /** No queue. */
  public static final QueueSettings NONE = new QueueSettings(0, 0.999f, "all");

  /** A queue without a teacher. */
  public QueueSettings(int size, float momentum, String filter) {
    this(size, momentum, filter, null, TEACHER_THRESHOLD);
  }

  public QueueSettings {
    if (size < 0) {
      throw new IllegalArgumentException("illegal queue value: " + size + ", must be at least 0");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("illegal momentum value: " + momentum + ", must be in [0, 1)");
    }
    filter = QueueFilters.parse(filter).spec();
    QueueTeacher.requireThreshold(teacherThreshold);
    if (teacher != null && size == 0) {
      throw new IllegalArgumentException("--queue-teacher needs a queue (--queue N)");
    }
  }

  public boolean enabled() {
    return size > 0;
  }
}
