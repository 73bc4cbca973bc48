package dev.foil.cli;

import dev.foil.eval.experiment.StepExecutor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs an experiment's command-line steps as {@code foil} commands in this JVM, one at a time, each
 * writing all its output to its log: the command's own, and what libraries log to standard error while
 * it runs; and checks them all before the first runs.
 */
final class InProcessSteps implements StepExecutor {
  /** Parses {@code args} as {@code foil} would, without running the command. */
  @Override
  public void check(List<String> args) {
    try {
      FoilCli.commandLine().parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public int execute(List<String> args, Path log) throws Exception {
    PrintStream stderr = System.err;
    try (OutputStream file = Files.newOutputStream(log);
        PrintStream stream = new PrintStream(file, true, StandardCharsets.UTF_8);
        PrintWriter w = new PrintWriter(stream, true)) {
      w.println("$ foil " + String.join(" ", args));
      CommandLine cl = FoilCli.commandLine();
      cl.setOut(w);
      cl.setErr(w);
      System.setErr(stream);
      return cl.execute(args.toArray(String[]::new));
    } finally {
      System.setErr(stderr);
    }
  }
}
