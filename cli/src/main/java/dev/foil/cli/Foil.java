package dev.foil.cli;

import dev.foil.eval.experiment.ExperimentRunner;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.io.StagingDirectory;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code foil} command: negative mining and the retrieval, evaluation and quickstart commands it
 * stands on. Exit codes: 0 success, 1 failure, 2 bad input or usage.
 */
@Command(
    name = "foil",
    mixinStandardHelpOptions = true,
    versionProvider = Foil.Version.class,
    description = "Foil picks negatives for training retrievers, rerankers and recommenders.",
    subcommands = {
      QuickstartCommand.class,
      IndexCommand.class,
      EncodeCommand.class,
      SearchCommand.class,
      MineCommand.class,
      EvaluateCommand.class,
      BenchCommand.class,
      ReportCommand.class,
      RegressCommand.class,
      GenerateCommand.class,
      TrainCommand.class,
      RerankCommand.class,
      RecsysCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Foil implements Runnable {
  /** Success. */
  public static final int OK = 0;
  /** The work failed (I/O error, bug). */
  public static final int FAILURE = 1;
  /** Bad input or usage: the user can fix it. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  // Held so the configuration is not garbage-collected: Lucene warns through java.util.logging that the
  // incubating Vector API is not enabled, which BM25 does not need.
  private static final java.util.logging.Logger LUCENE_VECTORIZATION =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  public static void main(String[] args) {
    LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line, with Foil's exit codes and error messages. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Foil());
    cl.setExecutionExceptionHandler(Foil::handle);
    cl.setExitCodeExceptionMapper(e -> FAILURE);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          PrintWriter err = c.getErr();
          err.println("foil: " + ex.getMessage());
          err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return BAD_INPUT;
        });
    return cl;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof InputFormatException
        || e instanceof IllegalArgumentException
        || e instanceof StagingDirectory.TargetExistsException) {
      err.println("foil: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    if (e instanceof ExperimentRunner.StepFailedException step) {
      err.println("foil: " + e.getMessage());
      err.flush();
      return step.exitCode() == BAD_INPUT ? BAD_INPUT : FAILURE;
    }
    err.println("foil: failed: " + e);
    e.printStackTrace(err);
    err.flush();
    return FAILURE;
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Foil.class.getPackage().getImplementationVersion();
      return new String[] {
        "foil " + (v == null ? "(development build)" : v),
        "Java " + Runtime.version() + " on " + System.getProperty("os.name")
      };
    }
  }
}
