package dev.foil.eval.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the steps of an experiment: a step with a typed {@link StepAction} calls its library service
 * ({@link #call}, by default the action itself); a step without one runs its {@code foil} command line
 * ({@link #execute}; in the same process, for the CLI).
 */
@FunctionalInterface
public interface StepExecutor {
  /**
   * Runs a command-line step and returns its exit code.
   *
   * @param args the arguments after {@code foil}
   * @param log where the command's own output goes
   */
  int execute(List<String> args, Path log) throws Exception;

  /**
   * Checks a command-line step's arguments without running it, so that a bad option (a typo in a
   * spec's {@code model.options}) stops the grid before any step runs.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  default void check(List<String> args) {}

  /**
   * Runs a step's action and returns the line saying what it did.
   *
   * @param warnings receives the service's warnings
   */
  default String call(StepAction action, int threads, Consumer<String> warnings) throws Exception {
    return action.run(threads, warnings);
  }
}
