package dev.foil.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The entry point's own options, taken out before the job's options are read. */
class FoilSparkTest {
  @Test
  void anOptionIsTakenOutInEitherSpellingAndTheRestKeepTheirOrder() {
    List<String> a = new ArrayList<>(List.of("--queries", "q.jsonl", "--master", "local[2]", "--out", "o"));
    assertEquals("local[2]", FoilSpark.remove(a, "--master"));
    assertEquals(List.of("--queries", "q.jsonl", "--out", "o"), a);
    List<String> b = new ArrayList<>(List.of("--repeats=5", "--out=o", "--n", "7"));
    assertEquals("5", FoilSpark.remove(b, "--repeats"));
    assertEquals("o", FoilSpark.remove(b, "--out"));
    assertEquals(List.of("--n", "7"), b);
    assertNull(FoilSpark.remove(b, "--master"), "absent");
    assertEquals(List.of("--n", "7"), b);
  }
}
