package dev.foil.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seed derivations every module uses. */
class SeedsTest {
  /**
   * Pinned: these are the values Miner.rngFor and TrainingLoop.mix gave before they moved here, and
   * every mined file and trained model of a given seed depends on them; a change here changes them all.
   */
  @Test
  void derivationsAreThoseMinedFilesAndModelsWereMadeWith() {
    assertEquals(5730086159275691915L, Seeds.forKey(42, "q1").nextLong());
    assertEquals(9140332596735748573L, Seeds.mix(42, 3, 7));
  }

  @Test
  void eachKeyAndIndexGetsItsOwnSeed() {
    Set<Long> seen = new HashSet<>();
    for (int epoch = 0; epoch < 20; epoch++) {
      for (int step = 0; step < 50; step++) {
        seen.add(Seeds.mix(7, epoch, step));
      }
    }
    assertEquals(1000, seen.size(), "no two (epoch, step) pairs share a seed");
    assertNotEquals(Seeds.mix(7, 1, 2), Seeds.mix(7, 2, 1), "order matters");
    assertEquals(Seeds.forKey(7, "q9").nextLong(), Seeds.forKey(7, "q9").nextLong(), "a key's generator is a function of it");
    assertNotEquals(Seeds.forKey(7, "q9").nextLong(), Seeds.forKey(8, "q9").nextLong());
  }
}
