package dev.foil.rankers.biencoder.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class QueueFilterTest {
  @Test
  void specsParseToTheirCanonicalFormAndBadOnesNameTheProblem() {
    assertEquals(Set.of("all", "hardest"), QueueFilters.names());
    assertEquals("hardest(h=64,margin=0.05)", QueueFilters.parse("hardest(64, margin=0.05)").spec());
    assertEquals("hardest(h=256,margin=0)", QueueFilters.parse("hardest").spec());
    assertEquals("all", QueueFilters.parse("all").spec());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> QueueFilters.parse("top"));
    assertTrue(unknown.getMessage().contains("[all, hardest]"), unknown.getMessage());
    IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> QueueFilters.parse("hardest(h=0)"));
    assertTrue(h.getMessage().contains("h value: 0"), h.getMessage());
  }

  @Test
  void hardestLeavesOutEntriesNearThePositiveThenKeepsTheMostSimilar() {
    // s⁺ = 0.8, margin 0.1: 0.75 and 0.9 are likely false negatives; of the rest the 2 most similar stay.
    float[] sims = {0.1f, 0.75f, 0.5f, 0.9f, 0.6f, 0.2f};
    boolean[] eligible = {true, true, true, true, true, false};
    QueueFilter.Selection s = new HardestFilter(2, 0.1).select(sims, 0.8f, eligible);
    assertEquals(new QueueFilter.Selection(2, 2, 1), s);
    assertEquals(List.of(false, false, true, false, true, false), asList(eligible));
    boolean[] all = {true, true, false};
    assertEquals(new QueueFilter.Selection(2, 0, 0), new KeepAll().select(new float[3], 0f, all));
    assertEquals(List.of(true, true, false), asList(all));
  }

  private static List<Boolean> asList(boolean[] b) {
    java.util.ArrayList<Boolean> out = new java.util.ArrayList<>();
    for (boolean x : b) {
      out.add(x);
    }
    return out;
  }

  /** Whatever the similarities: kept ones are eligible, below s⁺ − margin, at most h, and none left out beats them. */
  @Property(tries = 300)
  void hardestKeepsTheTopHOfTheEntriesBelowTheBound(@ForAll @Size(min = 1, max = 60) List<@FloatRange(min = -1, max = 1) Float> values,
      @ForAll @IntRange(min = 1, max = 20) int h, @ForAll @FloatRange(min = -0.3f, max = 0.3f) float margin,
      @ForAll @FloatRange(min = -1, max = 1) float positive, @ForAll long maskSeed) {
    int n = values.size();
    float[] sims = new float[n];
    boolean[] eligible = new boolean[n];
    java.util.SplittableRandom r = new java.util.SplittableRandom(maskSeed);
    int eligibleCount = 0;
    for (int i = 0; i < n; i++) {
      sims[i] = values.get(i);
      eligible[i] = r.nextInt(5) != 0;
      eligibleCount += eligible[i] ? 1 : 0;
    }
    boolean[] before = eligible.clone();
    double bound = (double) positive - margin;
    QueueFilter.Selection s = new HardestFilter(h, margin).select(sims, positive, eligible);
    int kept = 0;
    float lowestKept = Float.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (eligible[i]) {
        kept++;
        assertTrue(before[i], "only eligible entries are kept");
        assertFalse(sims[i] > bound, "a kept entry is below the bound");
        lowestKept = Math.min(lowestKept, sims[i]);
      }
    }
    assertEquals(s.kept(), kept);
    assertEquals(eligibleCount, s.kept() + s.falseNegatives() + s.easy(), "every eligible entry is accounted for");
    assertTrue(kept <= h);
    for (int i = 0; i < n; i++) {
      if (before[i] && !eligible[i] && !(sims[i] > bound)) {
        assertTrue(sims[i] <= lowestKept, "an entry left out as easy is no harder than a kept one");
        assertEquals(h, kept, "entries are left out as easy only when h are kept");
      }
    }
  }
}
