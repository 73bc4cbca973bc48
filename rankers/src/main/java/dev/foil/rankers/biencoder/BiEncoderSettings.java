package dev.foil.rankers.biencoder;

import dev.foil.rankers.biencoder.queue.QueueSettings;
import java.util.Objects;

/**
 * Hyper-parameters of bi-encoder training.
 *
 * @param batchSize queries per step
 * @param negatives mined negatives per query per step (taken from the example's list, in order of a
 *     seeded shuffle when it holds more)
 * @param epochs passes over the training set
 * @param learningRate AdamW's peak rate
 * @param warmup fraction of all steps spent warming up linearly
 * @param weightDecay AdamW's decoupled weight decay
 * @param maxGradNorm global gradient-norm clip, ≤ 0 for none
 * @param temperature τ of the InfoNCE logits
 * @param dropout transformer dropout while training
 * @param inBatch whether other queries' passages are negatives too
 * @param seed fixes the order of examples, the choice of positives and negatives, and dropout
 * @param checkpointEvery steps between checkpoints (also written at each epoch's end)
 * @param refreshEvery steps between re-mining rounds, 0 for none
 * @param queue the queue of earlier passages as extra negatives, {@link QueueSettings#NONE} for none
 * @param loss the objective
 */
public record BiEncoderSettings(int batchSize, int negatives, int epochs, float learningRate, float warmup,
    float weightDecay, float maxGradNorm, float temperature, float dropout, boolean inBatch, long seed,
    int checkpointEvery, int refreshEvery, QueueSettings queue, BiEncoderLoss loss) {
  /** Settings without a queue, trained with InfoNCE. */
  public BiEncoderSettings(int batchSize, int negatives, int epochs, float learningRate, float warmup,
      float weightDecay, float maxGradNorm, float temperature, float dropout, boolean inBatch, long seed,
      int checkpointEvery, int refreshEvery) {
    this(batchSize, negatives, epochs, learningRate, warmup, weightDecay, maxGradNorm, temperature, dropout, inBatch,
        seed, checkpointEvery, refreshEvery, QueueSettings.NONE, BiEncoderLoss.INFONCE);
  }

  public BiEncoderSettings {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(loss, "loss");
    positive("batchSize", batchSize);
    if (negatives < 0) {
      throw new IllegalArgumentException("illegal negatives value: " + negatives + ", must be at least 0");
    }
    positive("epochs", epochs);
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("illegal learningRate value: " + learningRate + ", must be positive");
    }
    if (!(warmup >= 0 && warmup < 1)) {
      throw new IllegalArgumentException("illegal warmup value: " + warmup + ", must be in [0, 1)");
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("illegal temperature value: " + temperature + ", must be positive");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("illegal dropout value: " + dropout + ", must be in [0, 1)");
    }
    positive("checkpointEvery", checkpointEvery);
    if (refreshEvery < 0) {
      throw new IllegalArgumentException("illegal refreshEvery value: " + refreshEvery + ", must be at least 0");
    }
  }

  /** These settings with {@code queue} and {@code loss}. */
  public BiEncoderSettings with(QueueSettings queue, BiEncoderLoss loss) {
    return new BiEncoderSettings(batchSize, negatives, epochs, learningRate, warmup, weightDecay, maxGradNorm,
        temperature, dropout, inBatch, seed, checkpointEvery, refreshEvery, queue, loss);
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException("illegal " + name + " value: " + v + ", must be at least 1");
    }
  }
}
