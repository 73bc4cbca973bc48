package dev.foil.rankers.biencoder.queue;

/**
 * The queue of a bi-encoder run ({@code --queue}, {@code --momentum}, {@code --queue-filter}).
 *
 * @param size entries held (the last passages seen), 0 for no queue
 * @param momentum m of the key encoder's update θ_k ← m·θ_k + (1 − m)·θ_q in full fine-tuning, in [0, 1)
 * @param filter the {@link QueueFilter} spec choosing each query's queue negatives
 */
public record QueueSettings(int size, float momentum, String filter) {
  /** No queue. */
  public static final QueueSettings NONE = new QueueSettings(0, 0.999f, "all");

  public QueueSettings {
    if (size < 0) {
      throw new IllegalArgumentException("illegal queue value: " + size + ", must be at least 0");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("illegal momentum value: " + momentum + ", must be in [0, 1)");
    }
    filter = QueueFilters.parse(filter).spec();
  }

  public boolean enabled() {
    return size > 0;
  }
}
