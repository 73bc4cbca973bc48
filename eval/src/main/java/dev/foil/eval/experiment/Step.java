package dev.foil.eval.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One step of an experiment's grid, run in its own directory and cached there: a library service
 * called with typed settings ({@code action}), shown as the {@code foil} command line that does the same.
 *
 * @param id unique within the experiment, also the directory name under {@code steps/}
 * @param args the equivalent command line after {@code foil}: what the report shows and the cache keys on
 * @param after ids of the steps whose outputs it reads
 * @param dir its directory: outputs, {@code step.json} and {@code step.log}
 * @param output the file that stands for its result, or null: steps after it are fingerprinted by that
 *     file's content, so that a re-run producing the same bytes leaves them cached
 * @param action the service call
 */
public record Step(String id, List<String> args, List<String> after, Path dir, Path output, StepAction action) {
  public Step {
    args = List.copyOf(args);
    after = List.copyOf(after);
    Objects.requireNonNull(action, "action");
  }

  /** The command as a user would type it. */
  public String command() {
    StringBuilder b = new StringBuilder("bin/foil");
    for (String a : args) {
      b.append(' ').append(quote(a));
    }
    return b.toString();
  }

  private static String quote(String a) {
    return a.matches("[A-Za-z0-9_@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'";
  }
}
