package dev.foil.recsys.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.InputFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionReadersTest {
  @TempDir Path dir;

  @Test
  void lightGcnLinesBecomeRowsOverSharedNumbering() throws Exception {
    Files.writeString(dir.resolve("train.txt"), "0 3 1 1\n1 0\n\n3\n");
    Files.writeString(dir.resolve("test.txt"), "0 4\n1 2 5\n");
    InteractionData d = InteractionFormats.open(dir, 4, Split.random(0.2, 1));
    assertEquals(4, d.numUsers());
    assertEquals(6, d.numItems());
    assertArrayEquals(new int[] {1, 3}, d.train().row(0));
    assertArrayEquals(new int[] {0}, d.train().row(1));
    assertEquals(0, d.train().degree(3));
    assertArrayEquals(new int[] {2, 5}, d.test().row(1));
  }

  @Test
  void aStrayHugeLightGcnOrdinalIsRefusedAtOnceWithItsLine() throws Exception {
    StringBuilder train = new StringBuilder();
    for (int u = 0; u < 40; u++) {
      train.append(u);
      for (int k = 0; k < 10; k++) {
        train.append(' ').append(u * 10 + k);
      }
      train.append('\n');
    }
    train.append("40 1 50000000\n");
    Files.writeString(dir.resolve("train.txt"), train);
    Files.writeString(dir.resolve("test.txt"), "0 4\n");
    long t0 = System.nanoTime();
    InputFormatException e = assertThrows(InputFormatException.class, () -> LightGcnReader.read(dir));
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused before allocating rows for 50M items");
    assertEquals(dir.resolve("train.txt"), e.file());
    assertEquals(41, e.line());
    assertEquals("item", e.field());
    assertTrue(e.getMessage().contains("50000000") && e.getMessage().contains("401 distinct items"), e.getMessage());
    Files.writeString(dir.resolve("train.txt"), train.toString().replace("40 1 50000000\n", "40 1 399\n"));
    assertEquals(400, LightGcnReader.read(dir).numItems(), "a dense split reads as before");
  }

  @Test
  void aBadLightGcnTokenNamesFileLineAndField() throws Exception {
    Files.writeString(dir.resolve("train.txt"), "0 3\n1 x7\n");
    Files.writeString(dir.resolve("test.txt"), "0 4\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> LightGcnReader.read(dir));
    assertEquals(2, e.line());
    assertEquals("item 1", e.field());
    assertTrue(e.getMessage().startsWith(dir.resolve("train.txt") + ":2: field `item 1`"), e.getMessage());
  }

  @Test
  void movieLensKeepsRatingsAtTheThresholdAndLeaveOneOutHoldsTheLatest() throws Exception {
    Path f = dir.resolve("u.data");
    Files.writeString(f, "10\t7\t5\t300\n10\t8\t4\t100\n10\t9\t3\t999\n20\t7\t4\t50\n10\t6\t4\t200\n");
    InteractionData d = MovieLensReader.read(f, 4, Split.latestPerUser());
    // Users 10, 20; items 7, 8, 6 (item 9 rated 3 is dropped) in order of first appearance.
    assertEquals(2, d.numUsers());
    assertEquals(3, d.numItems());
    assertEquals("7", d.itemId(d.test().row(0)[0]), "user 10's latest kept rating is item 7 at t=300");
    assertEquals(2, d.train().degree(0));
    assertEquals(1, d.train().degree(1), "a user with one interaction keeps it for training");
    assertEquals(0, d.test().degree(1));
  }

  @Test
  void aRandomSplitIsSeededPerUserAndNeverEmptiesTraining() throws Exception {
    StringBuilder sb = new StringBuilder("user,item,timestamp\n");
    for (int u = 0; u < 30; u++) {
      for (int i = 0; i < 1 + u % 7; i++) {
        sb.append('u').append(u).append(",i").append((u * 7 + i * 3) % 40).append(',').append(i).append('\n');
      }
    }
    Path f = dir.resolve("log.csv");
    Files.writeString(f, sb);
    InteractionData a = CsvReader.read(f, Split.random(0.3, 5));
    InteractionData b = CsvReader.read(f, Split.random(0.3, 5));
    InteractionData c = CsvReader.read(f, Split.random(0.3, 6));
    assertEquals(a.test(), b.test());
    assertTrue(!a.test().equals(c.test()), "another seed, the same split");
    for (int u = 0; u < a.numUsers(); u++) {
      int all = a.train().degree(u) + a.test().degree(u);
      assertTrue(a.train().degree(u) >= 1, "user " + u + " lost all training items");
      if (all >= 2) {
        assertEquals(Math.max(1, Math.min(all - 1, Math.round(all * 0.3))), a.test().degree(u));
      }
    }
  }

  @Test
  void aValidationSplitPartitionsTheTrainingSetAndNeverTouchesTheTest() throws Exception {
    InteractionData d = fortyUsers();
    InteractionData v = d.validation(Split.random(0.25, 3));
    assertEquals(v, d.validation(Split.random(0.25, 3)), "a seed fixes the split");
    assertTrue(!v.test().equals(d.validation(Split.random(0.25, 4)).test()), "another seed, the same split");
    for (int u = 0; u < d.numUsers(); u++) {
      int all = d.train().degree(u);
      assertEquals(all, v.train().degree(u) + v.test().degree(u), "user " + u);
      assertTrue(v.train().degree(u) >= 1, "user " + u + " lost all training items");
      for (int i : v.test().row(u)) {
        assertTrue(d.train().contains(u, i) && !v.train().contains(u, i), "user " + u + " item " + i);
        assertTrue(i < 60, "a test item leaked into validation");
      }
      if (all >= 2) {
        assertEquals(Math.max(1, Math.min(all - 1, Math.round(all * 0.25))), v.test().degree(u));
      }
    }
    assertTrue(v.sha256().endsWith("|validation random:0.25:3"), v.sha256());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.validation(Split.latestPerUser()))
        .getMessage().contains("random:FRACTION"));
  }

  @Test
  void falsePositivesReplaceTheStatedShareOfEachUsersTrainingItemsAndLeaveTheTestAlone() throws Exception {
    InteractionData d = fortyUsers();
    assertEquals(d, d.withFalsePositives(new Noise(0, 1)), "no noise, the same data");
    InteractionData noisy = d.withFalsePositives(new Noise(0.4, 7));
    assertEquals(noisy.train(), d.withFalsePositives(new Noise(0.4, 7)).train(), "a seed fixes the noise");
    assertTrue(!noisy.train().equals(d.withFalsePositives(new Noise(0.4, 8)).train()), "another seed, other noise");
    assertEquals(d.test(), noisy.test(), "the test is untouched");
    for (int u = 0; u < d.numUsers(); u++) {
      int all = d.train().degree(u);
      assertEquals(all, noisy.train().degree(u), "user " + u + " keeps as many training items");
      int replaced = 0;
      for (int i : noisy.train().row(u)) {
        assertTrue(!d.test().contains(u, i), "user " + u + ": a test item became a training item");
        replaced += d.train().contains(u, i) ? 0 : 1;
      }
      assertEquals(Math.round(0.4 * all), replaced, "user " + u);
    }
    assertTrue(noisy.sha256().endsWith("|noise 0.4:7"), noisy.sha256());
    // Through the job's input: noise before the validation split, with the job's seed by default.
    InteractionInput in = new InteractionInput(dir, 4, "random:0.2", "random:0.25:3", "0.4");
    assertEquals(noisy.validation(Split.random(0.25, 3)).train(), in.read(7).train());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new InteractionInput(dir, 4, "random:0.2", null, "1.5"))
        .getMessage().contains("illegal noise \"1.5\""));
    assertEquals(9_007_199_254_740_993L, Noise.parse("0.1:9007199254740993", 0).seed(), "a seed past 2^53 is kept exactly");
  }

  @Test
  void badCsvAndMovieLensLinesSayWhereAndWhat() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "a,b\nc\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> CsvReader.read(csv, Split.latestPerUser()));
    assertEquals(2, e.line());
    Path ml = dir.resolve("u.data");
    Files.writeString(ml, "1\t2\t5\t9\n1\t3\tfive\t9\n");
    e = assertThrows(InputFormatException.class, () -> MovieLensReader.read(ml, 4, Split.latestPerUser()));
    assertEquals(2, e.line());
    assertEquals("rating", e.field());
    assertThrows(IllegalArgumentException.class, () -> InteractionFormats.open(dir.resolve("nothing"), 4, Split.latestPerUser()));
    assertThrows(IllegalArgumentException.class, () -> Split.parse("random:2", 1));
    assertEquals(Split.random(0.1, 9), Split.parse("random:0.1:9", 1));
  }

  /** A LightGCN split of 40 users with 1 to 12 training items among 60 and one test item among 60–62. */
  private InteractionData fortyUsers() throws Exception {
    StringBuilder train = new StringBuilder();
    StringBuilder test = new StringBuilder();
    for (int u = 0; u < 40; u++) {
      train.append(u);
      for (int i = 0; i < 1 + u % 12; i++) {
        train.append(' ').append((u * 5 + i * 7) % 60);
      }
      train.append('\n');
      test.append(u).append(' ').append(60 + u % 3).append('\n');
    }
    Files.writeString(dir.resolve("train.txt"), train);
    Files.writeString(dir.resolve("test.txt"), test);
    return LightGcnReader.read(dir);
  }
}
