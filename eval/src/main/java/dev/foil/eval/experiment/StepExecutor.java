package dev.foil.eval.experiment;

import java.util.function.Consumer;

/**
 * Runs a step's {@link StepAction}: {@link #DIRECT} calls its library service; tests put a fake in its
 * place to see what the runner runs and caches.
 */
@FunctionalInterface
public interface StepExecutor {
  /** Calls the action's service. */
  StepExecutor DIRECT = StepAction::run;

  /**
   * Runs {@code action}.
   *
   * @param log receives what the step did, line by line
   * @param warnings receives the service's warnings
   */
  void call(StepAction action, int threads, Consumer<String> log, Consumer<String> warnings) throws Exception;
}
