package dev.foil.train;

/**
 * Linear warm-up to the peak learning rate, then linear decay to zero at the last step (the BERT
 * fine-tuning schedule, Devlin et al., 2019).
 *
 * @param peak the learning rate after warm-up
 * @param warmupSteps steps of linear warm-up from 0
 * @param totalSteps steps of the whole run
 */
public record Schedule(float peak, int warmupSteps, int totalSteps) {
  public Schedule {
    if (!(peak > 0)) {
      throw new IllegalArgumentException("illegal learning rate value: " + peak + ", must be positive");
    }
    if (warmupSteps < 0 || totalSteps < 1) {
      throw new IllegalArgumentException("illegal steps: warm-up " + warmupSteps + ", total " + totalSteps);
    }
  }

  /** The learning rate of step {@code step} (0-based). */
  public float rate(int step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / (warmupSteps + 1);
    }
    int decay = Math.max(1, totalSteps - warmupSteps);
    return peak * Math.max(0f, (float) (totalSteps - step) / decay);
  }
}
