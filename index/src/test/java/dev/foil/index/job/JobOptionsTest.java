package dev.foil.index.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
  private static final JobOption<Path> OUT = JobOption.required("out", Path.class, "DIR", "where");
  private static final JobOption<Integer> EPOCHS = JobOption.of("epochs", Integer.class, 2, "passes");
  private static final JobOption<Float> LR = JobOption.of("lr", Float.class, 2e-5f, "rate");
  private static final JobOption<Long> SEED = JobOption.of("seed", Long.class, 42L, "seed");
  private static final JobOption<Boolean> NO_IN_BATCH = JobOption.flag("no-in-batch", "flag");
  private static final JobOption<int[]> K = JobOption.of("k", int[].class, new int[] {20}, "cut-offs");
  private static final JobOption<String> SPLIT = JobOption.of("eval-split", String.class, null, "split");
  private static final JobOptions OPTIONS = new JobOptions("foil train x", List.of(OUT, EPOCHS, LR),
      List.of(SEED, NO_IN_BATCH, K, SPLIT));

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void yamlValuesAreConvertedToEachOptionsTypeAndTheRestKeepTheirDefaults() {
    JobOptions.Values v = OPTIONS.values(map("out", "/o", "lr", 0.001, "seed", 7, "no_in_batch", true, "k",
        List.of(10, 20), "eval_split", 5), "model.options");
    assertEquals(Path.of("/o"), v.get(OUT));
    assertEquals(0.001f, v.get(LR));
    assertEquals(7L, v.get(SEED));
    assertTrue(v.get(NO_IN_BATCH));
    assertArrayEquals(new int[] {10, 20}, v.get(K));
    assertEquals("5", v.get(SPLIT), "a number where text is expected is its text");
    assertEquals(2, v.get(EPOCHS), "declared default");
    assertFalse(v.given(EPOCHS));
    assertEquals(List.of("--out", "/o", "--lr", "0.001", "--seed", "7", "--no-in-batch", "--k", "10,20",
        "--eval-split", "5"), v.args(), "given values as a command line, in declaration order");
    assertEquals(List.of("--out", "/o", "--epochs", "3"), OPTIONS.values(map("epochs", 3.0, "out", Path.of("/o"),
        "no-in-batch", false), "").args(), "a whole double is an integer; a false flag is left out");
    assertEquals("0.00002", LR.format(2e-5f), "numbers as users write them");
    assertEquals("250", LR.format(250f));
    assertEquals("EVAL_SPLIT", SPLIT.placeholder(), "text: the name in capitals");
    assertEquals("DIR", OUT.placeholder(), "a label wins");
    assertEquals("N", EPOCHS.placeholder(), "a whole number");
    assertEquals("X", LR.placeholder(), "a decimal number");
    assertEquals("N", K.placeholder(), "a list: picocli shows the repetition");
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    assertEquals("model.options.epochs: expected an integer, got 2.5", error(map("epochs", 2.5)));
    assertEquals("model.options.epochs: expected an integer, got \"two\"", error(map("epochs", "two")));
    assertEquals("model.options.epochs: expected an integer, got 3000000000", error(map("epochs", 3_000_000_000L)));
    assertEquals("model.options.no_in_batch: expected true or false, got 1", error(map("no_in_batch", 1)));
    assertEquals("model.options.lr: expected a number, got a map", error(map("lr", Map.of("a", 1))));
    assertEquals("model.options.k: expected integers, got \"1,x\"", error(map("k", "1,x")));
    assertTrue(error(map("epoch", 1)).startsWith("model.options.epoch: not an option of foil train x (its options: "
        + "out, epochs, lr, seed, no-in-batch, k, eval-split)"));
    assertEquals("model.options.no_in_batch: given twice", error(map("no-in-batch", true, "no_in_batch", true)));
  }

  private static String error(Map<String, Object> given) {
    return assertThrows(IllegalArgumentException.class, () -> OPTIONS.values(given, "model.options")).getMessage();
  }

  @Test
  void aRequiredOptionNotGivenIsAnErrorWhenRead() {
    JobOptions.Values v = OPTIONS.values(Map.of(), "");
    assertNull(v.get(SPLIT));
    assertEquals("foil train x needs --out",
        assertThrows(IllegalArgumentException.class, () -> v.get(OUT)).getMessage());
    JobOption<Integer> other = JobOption.of("epochs", Integer.class, 2, "another declaration");
    assertThrows(IllegalStateException.class, () -> v.get(other), "only this job's own declarations");
  }

  @Test
  void declarationsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> JobOption.of("Epochs", Integer.class, 1, "x"));
    assertThrows(IllegalArgumentException.class, () -> JobOption.of("when", java.time.Instant.class, null, "x"));
    assertThrows(IllegalArgumentException.class, () -> new JobOption<>("f", Boolean.class, true, null, "x", false),
        "a flag is false unless given");
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.with("foil train y", List.of(EPOCHS)),
        "a name declared twice");
  }

  /** A renamed option still takes its former name, in specs and on command lines, but not both at once. */
  @Test
  void aFormerNameStillWorks() {
    JobOption<Integer> negatives = JobOption.of("negatives", Integer.class, 15, "negatives per query").alias("n");
    JobOptions o = new JobOptions("foil mine", List.of(negatives));
    assertEquals(7, o.parse(List.of("--n", "7")).get(negatives));
    assertEquals(8, o.parse(List.of("--negatives=8")).get(negatives));
    assertEquals(9, o.values(java.util.Map.of("n", 9), "mining").get(negatives));
    var e = assertThrows(IllegalArgumentException.class, () -> o.parse(List.of("--n", "7", "--negatives", "8")));
    assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new JobOptions("x", List.of(negatives,
        JobOption.of("other", Integer.class, 1, "x").alias("n"))), "a former name declared twice");
  }

  @Test
  void aCommandLineIsReadWithTheSameConversions() {
    JobOptions.Values v = OPTIONS.parse(List.of("--out", "/o", "--epochs=3", "--no-in-batch", "--k", "5,10"));
    assertEquals(Path.of("/o"), v.get(OUT));
    assertEquals(3, v.get(EPOCHS));
    assertTrue(v.get(NO_IN_BATCH));
    assertArrayEquals(new int[] {5, 10}, v.get(K));
    assertEquals(List.of("--out", "/o", "--epochs", "3", "--no-in-batch", "--k", "5,10"), v.args(), "round trip");
    assertEquals("foil train x: unknown option --epoch", parseError("--epoch", "2"));
    assertEquals("--epochs: expected an integer, got \"x\"", parseError("--epochs", "x"));
    assertEquals("--lr: needs a value", parseError("--lr"));
    assertEquals("--no-in-batch: a flag takes no value", parseError("--no-in-batch=true"));
    assertEquals("--seed: given twice", parseError("--seed", "1", "--seed=2"));
    assertEquals("foil train x: unexpected argument \"extra\"", parseError("extra"));
  }

  private static String parseError(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> OPTIONS.parse(List.of(args))).getMessage();
  }
}
