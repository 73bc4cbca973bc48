package dev.foil.cli;

import dev.foil.eval.experiment.ExperimentRunner;
import dev.foil.index.FoilVersion;
import dev.foil.index.ThreadBudget;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.store.AlreadyClosedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code foil} command: negative mining and the retrieval, evaluation and quickstart commands it
 * stands on. Exit codes: 0 success; 2 bad input, usage or corrupt data (the user can fix it); 1 a fault
 * of the environment (disk full, out of memory, I/O error) or a bug. A failure prints one line that says
 * what failed and where; the stack trace only with {@code --verbose}.
 */
@Command(
    name = "foil",
    mixinStandardHelpOptions = true,
    versionProvider = FoilCli.Version.class,
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
public final class FoilCli implements Runnable {
  /** Success. */
  public static final int OK = 0;

  /** Prints each warning of a library call as one {@code foil: warning:} line on {@code err}. */
  static java.util.function.Consumer<String> warnings(java.io.PrintWriter err) {
    return w -> {
      err.println("foil: warning: " + w);
      err.flush();
    };
  }
  /** The work failed (I/O error, bug). */
  public static final int FAILURE = 1;
  /** Bad input or usage: the user can fix it. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Accepted by every command (inherited), read by the failure handler. */
  @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "print the stack trace of a failure")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  // Held so the configuration is not garbage-collected. bin/foil enables the incubating Vector API (Lucene's
  // SIMD vector scoring); started without it (java -cp …), Lucene would warn through java.util.logging on
  // every run, and BM25 does not need it.
  private static final java.util.logging.Logger LUCENE_VECTORIZATION =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  public static void main(String[] args) {
    ThreadBudget.waitPassively(); // before any native library with OpenMP loads
    LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    CommandLine cl = commandLine();
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // picocli passes Errors through; this one is the environment's, and has a remedy.
      PrintWriter err = cl.getErr();
      err.println("foil: " + Failure.of(e).message());
      if (List.of(args).contains("--verbose")) {
        e.printStackTrace(err);
      }
      err.flush();
      return FAILURE;
    }
  }

  /** The configured picocli command line, with Foil's exit codes and error messages. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new FoilCli());
    JobFlags.install(cl);
    cl.setExecutionStrategy(FoilCli::withThreadBudget);
    cl.setExecutionExceptionHandler(FoilCli::handle);
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

  /**
   * Runs the chosen command with the process's {@link ThreadBudget} set from its {@code --threads} (every
   * pool, PyTorch's and OpenMP's included, takes that number); a command without the option gets all cores.
   */
  private static int withThreadBudget(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    CommandLine.Model.OptionSpec option = leaf.commandSpec().findOption("--threads");
    int threads = option == null ? 0 : option.<Integer>getValue();
    if (option != null && threads < 1) {
      throw new CommandLine.ParameterException(leaf.commandSpec().commandLine(), "--threads must be at least 1, got " + threads);
    }
    ThreadBudget.use(threads);
    return new CommandLine.RunLast().execute(parsed);
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    Failure f = Failure.of(e);
    err.println("foil: " + f.message());
    boolean verbose = ((FoilCli) cl.getCommandSpec().root().userObject()).verbose;
    if (verbose) {
      e.printStackTrace(err);
    } else if (f.exitCode() == FAILURE && f.unexpected()) {
      err.println("foil: (run again with --verbose for the stack trace)");
    }
    err.flush();
    return f.exitCode();
  }

  /**
   * How a failure is reported: its one-line message, its exit code, and whether it is unexpected (a
   * bug rather than bad input or a fault of the environment).
   */
  record Failure(String message, int exitCode, boolean unexpected) {
    static Failure of(Throwable e) {
      Throwable t = unwrap(e);
      if (t instanceof ExperimentRunner.StepFailedException step) {
        Failure cause = of(step.getCause()); // the service the step called: its failure decides the exit code
        return new Failure(t.getMessage(), cause.exitCode(), cause.unexpected());
      }
      if (t instanceof InputFormatException || t instanceof IllegalArgumentException
          || t instanceof StagingDirectory.TargetExistsException || t instanceof EmbeddingStore.CorruptStoreException
          || t instanceof CorruptIndexException || t instanceof IndexFormatTooOldException
          || t instanceof IndexFormatTooNewException) {
        return new Failure(t.getMessage(), BAD_INPUT, false);
      }
      if (t instanceof NoSuchFileException missing) {
        return new Failure(missing.getFile() + ": no such file or directory"
            + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")"), BAD_INPUT, false);
      }
      String noSpace = findMessage(e, "No space left on device");
      if (noSpace != null) {
        return new Failure("out of disk space: " + noSpace + "; earlier outputs are left as they were", FAILURE, false);
      }
      String tooLarge = findMessage(e, "File too large");
      if (tooLarge != null) {
        return new Failure("file size limit reached (ulimit -f): " + tooLarge + "; earlier outputs are left as they were",
            FAILURE, false);
      }
      if (t instanceof OutOfMemoryError) {
        return new Failure("out of memory (maximum heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB): "
            + t.getMessage() + "; give the JVM more (FOIL_JAVA_OPTS=-Xmx…) or use smaller settings", FAILURE, false);
      }
      if (t instanceof IOException) {
        return new Failure("I/O error: " + t, FAILURE, false);
      }
      return new Failure("failed: " + t, FAILURE, true);
    }

    /** The cause a wrapper (unchecked I/O, a worker's execution, Lucene's closed writer) stands for. */
    private static Throwable unwrap(Throwable e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t
          && (t instanceof UncheckedIOException || t instanceof ExecutionException
              || t instanceof CompletionException || t instanceof AlreadyClosedException
              || t instanceof MergePolicy.MergeException)) {
        t = t.getCause();
      }
      return t;
    }

    private static String findMessage(Throwable e, String text) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t.getMessage() != null && t.getMessage().contains(text)) {
          return t.getMessage();
        }
      }
      return null;
    }
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "foil " + FoilVersion.get(),
        "Java " + Runtime.version() + " on " + System.getProperty("os.name")
      };
    }
  }
}
