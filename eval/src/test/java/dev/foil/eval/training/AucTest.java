package dev.foil.eval.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AucTest {
  @Test
  void handComputedCases() {
    // Perfect separation, reversed, and one swapped pair out of 2×2 = 4.
    assertEquals(1.0, Auc.of(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true}));
    assertEquals(0.0, Auc.of(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {false, false, true, true}));
    assertEquals(0.75, Auc.of(new double[] {0.1, 0.5, 0.4, 0.9}, new boolean[] {false, false, true, true}));
    // A tie between a positive and a negative counts one half: (1 + 0.5) / 2.
    assertEquals(0.75, Auc.of(new double[] {0.1, 0.5, 0.5}, new boolean[] {false, false, true}));
    assertThrows(IllegalArgumentException.class, () -> Auc.of(new double[] {1, 2}, new boolean[] {true, true}));
  }
}
