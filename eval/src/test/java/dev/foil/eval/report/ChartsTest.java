package dev.foil.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Histogram axes are rounded out to round steps, so that their ticks are round numbers. */
class ChartsTest {
  @Test
  void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(0.05, Charts.niceStep(0.37), 1e-12);
    assertEquals(1, Charts.niceStep(7.3), 1e-12);
    assertEquals(20, Charts.niceStep(140), 1e-12);
    assertEquals(0.2, Charts.niceStep(2), 1e-12);
    assertEquals(1, Charts.niceStep(0), 1e-12);
  }
}
