package dev.foil.rankers.biencoder.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Query;
import dev.foil.samplers.adapt.FalseNegativeEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueTeacherTest {
  /** Four entries d0..d3 (ordinals 0..3) with vectors that all beat no positive: the filter keeps them all. */
  private static KeyQueue queue() {
    KeyQueue q = new KeyQueue(4, 2);
    q.offer(List.of("id:d0", "id:d1", "id:d2", "id:d3"), new float[] {1, 0, 0, 1, 1, 0, 0, 1});
    return q;
  }

  private static int ordinal(String id) {
    return Integer.parseInt(id.substring(1));
  }

  @Test
  void theTeacherSeesOnlyEligibleEntriesAndClearsThoseAboveItsThreshold() throws Exception {
    List<int[]> asked = new ArrayList<>();
    FalseNegativeEstimator estimator = (query, positives, candidates) -> {
      assertEquals("q7", query.id());
      asked.add(positives);
      asked.add(candidates);
      double[] p = new double[candidates.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = candidates[i] == 2 ? 0.9 : candidates[i] == 3 ? 0.5 : 0.1; // 0.5 is not above 0.5
      }
      return p;
    };
    QueueTeacher teacher = new QueueTeacher(estimator, QueueTeacherTest::ordinal, 0.5);
    boolean[] eligible = {false, true, true, true};
    int cleared = teacher.gate(new Query("q7", "text"), Set.of("id:d9", "id:d5"), queue(), eligible);
    assertEquals(1, cleared);
    assertArrayEquals(new boolean[] {false, true, false, true}, eligible);
    assertArrayEquals(new int[] {5, 9}, asked.get(0), "the judged positives, by ordinal");
    assertArrayEquals(new int[] {1, 2, 3}, asked.get(1), "only the eligible entries are judged");
  }

  @Test
  void itsDropsAreCountedApartFromTheFiltersAndTheFilterNeverSeesThem() throws Exception {
    // The teacher rates d1 a false negative for the first query only; keep-all then keeps the rest.
    FalseNegativeEstimator estimator = (query, positives, candidates) -> {
      double[] p = new double[candidates.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = query.id().equals("a") && candidates[i] == 1 ? 1 : 0;
      }
      return p;
    };
    QueueTeacher teacher = new QueueTeacher(estimator, QueueTeacherTest::ordinal, 0.5);
    float[] queries = {1, 0, 0, 1};
    float[] positives = {1, 0, 0, 1};
    QueueNegatives.Choice c = QueueNegatives.choose(queries, positives, 2, queue(),
        List.of(Set.of("id:d0"), Set.of("id:d3")), Set.of(), QueueFilters.parse("all"), teacher,
        List.of(new Query("a", "first"), new Query("b", "second")));
    assertEquals(1, c.counts().teacher());
    assertEquals(2, c.counts().masked(), "each query's own positive");
    assertEquals(5, c.counts().kept());
    assertArrayEquals(new boolean[] {false, false, true, true, true, true, true, false}, c.kept());
    assertEquals(1L, c.counts().fields().get("dropped_by_teacher"));
  }

  @Test
  void passagesWithoutIdsAndThresholdsOutsideZeroToOneAreRefused() {
    FalseNegativeEstimator none = (query, positives, candidates) -> new double[candidates.length];
    KeyQueue q = new KeyQueue(1, 2);
    q.offer(List.of("text:a passage known by its text"), new float[] {1, 0});
    QueueTeacher teacher = new QueueTeacher(none, QueueTeacherTest::ordinal, 0.5);
    var e = assertThrows(IllegalArgumentException.class,
        () -> teacher.gate(new Query("q", "t"), Set.of(), q, new boolean[] {true}));
    assertTrue(e.getMessage().contains("by document id"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new QueueTeacher(none, QueueTeacherTest::ordinal, 1.5));
    var s = assertThrows(IllegalArgumentException.class,
        () -> new QueueSettings(0, 0.999f, "all", java.nio.file.Path.of("adapter"), 0.5));
    assertTrue(s.getMessage().contains("needs a queue"), s.getMessage());
  }
}
