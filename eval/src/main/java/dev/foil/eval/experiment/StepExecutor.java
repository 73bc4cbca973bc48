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
   * Runs a step's action and returns the line saying what it did.
   *
   * @param warnings receives the service's warnings
   */
  default String call(StepAction action, int threads, Consumer<String> warnings) throws Exception {
    return action.run(threads, warnings);
  }
}
