package dev.foil.eval.experiment;

import java.nio.file.Path;
import java.util.List;

/** Runs one {@code foil} command line (in the same process, for the CLI) and returns its exit code. */
@FunctionalInterface
public interface StepExecutor {
  /**
   * @param args the arguments after {@code foil}
   * @param log where the command's own output goes
   */
  int execute(List<String> args, Path log) throws Exception;
}
