package dev.foil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Off a terminal, progress is one plain line per task (no redrawn frames piling up in logs). */
class ConsoleProgressTest {
  private static String run(ConsoleProgress.Mode mode) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), mode);
    p.start("mine", 1000, "queries");
    for (int i = 0; i < 1000; i++) {
      p.advance(1);
    }
    p.finish();
    p.finish(); // a second finish adds nothing
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void offATerminalEachTaskEndsWithOnePlainLine() {
    String out = run(ConsoleProgress.Mode.LINE);
    assertEquals(1, out.lines().count(), out);
    assertTrue(out.startsWith("mine: 1,000 queries in "), out);
    assertTrue(!out.contains("\r") && out.endsWith("/s)\n"), out);
  }

  @Test
  void quietPrintsNothing() {
    assertEquals("", run(ConsoleProgress.Mode.NONE));
  }

  @Test
  void testsAndPipesAreNotTerminals() {
    assertTrue(!ConsoleProgress.onTerminal(), "surefire's standard streams are pipes");
  }
}
