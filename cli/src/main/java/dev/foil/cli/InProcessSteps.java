package dev.foil.cli;

import dev.foil.eval.experiment.StepExecutor;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Runs an experiment's steps as {@code foil} commands in this JVM, each writing its output to its log. */
final class InProcessSteps implements StepExecutor {
  @Override
  public int execute(List<String> args, Path log) throws Exception {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      w.println("$ foil " + String.join(" ", args));
      CommandLine cl = Foil.commandLine();
      cl.setOut(w);
      cl.setErr(w);
      return cl.execute(args.toArray(String[]::new));
    }
  }
}
