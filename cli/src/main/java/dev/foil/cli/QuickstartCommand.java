package dev.foil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder replaced below. */
@Command(name = "quickstart", mixinStandardHelpOptions = true)
final class QuickstartCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
