package dev.foil.rankers.rerank;

/**
 * Hyper-parameters of listwise reranker training.
 *
 * @param groupsPerStep query groups per optimisation step
 * @param negatives negatives per group (beside one positive)
 * @param epochs passes over the training set
 * @param learningRate AdamW's peak rate
 * @param warmup fraction of steps warming up
 * @param weightDecay AdamW's decoupled weight decay
 * @param maxGradNorm global gradient-norm clip, ≤ 0 for none
 * @param dropout transformer dropout while training
 * @param seed fixes order, choices, head initialisation and dropout
 * @param checkpointEvery steps between checkpoints
 */
public record RerankerSettings(int groupsPerStep, int negatives, int epochs, float learningRate, float warmup,
    float weightDecay, float maxGradNorm, float dropout, long seed, int checkpointEvery) {
  public RerankerSettings {
    if (groupsPerStep < 1 || negatives < 1 || epochs < 1 || checkpointEvery < 1) {
      throw new IllegalArgumentException("illegal reranker settings: groupsPerStep " + groupsPerStep + ", negatives "
          + negatives + ", epochs " + epochs + ", checkpointEvery " + checkpointEvery + " (each must be at least 1)");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("illegal learningRate value: " + learningRate + ", must be positive");
    }
    if (!(warmup >= 0 && warmup < 1) || !(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("illegal warmup " + warmup + " or dropout " + dropout + ", must be in [0, 1)");
    }
  }
}
