package dev.foil.eval.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step cache, with an executor that records which steps ran and writes, as each step's
 * {@code --out}, a text that depends only on the options that change its content here.
 */
class ExperimentRunnerTest {
  @TempDir Path dir;
  private final List<String> ran = new ArrayList<>();

  /** Seed whose mining fails (as bad input), or 0 for none. */
  private long failingSeed;

  private ExperimentPlan plan;

  /** Writes each step's output as "write --out" above; no service is called. */
  private final StepExecutor executor = (action, threads, log, warnings) -> {
    if (action instanceof StepAction.Mine m && m.settings().seed() == failingSeed) {
      throw new IllegalArgumentException("no positives in " + m.qrels());
    }
    List<String> args = this.plan.steps().stream().filter(s -> s.action() == action).findFirst().orElseThrow().args();
    Path out = Path.of(args.get(0).equals("index") ? value(args, "--index") : value(args, "--out"));
    ran.add(out.getParent().getFileName().toString()); // the step's id
    Files.createDirectories(out.getParent());
    Files.writeString(out, args.get(0) + " n=" + value(args, "--negatives") + " seed=" + value(args, "--seed"));
    log.accept("done");
  };


  private static String value(List<String> args, String name) {
    int i = args.indexOf(name);
    return i < 0 ? null : args.get(i + 1);
  }

  private ExperimentRunner.Steps run(Integer n, String scoreSource, boolean fresh) throws Exception {
    ExperimentSpec spec = new ExperimentSpec("t", null, Path.of("/data"), null, List.of("bm25"), null, null,
        new ExperimentSpec.Mining(null, null, n, scoreSource), List.of("random"),
        new ExperimentSpec.Model("bi-encoder", Map.of("epochs", 1)), List.of(1L, 2L), null, null);
    plan = ExperimentPlan.of(spec, dir.resolve("steps"), 2);
    ran.clear();
    return ExperimentRunner.runSteps(plan, dir, "data-hash", executor, new ExperimentRunner.Options(2, fresh),
        ProgressListener.NONE);
  }

  @Test
  void unchangedStepsAreReusedAndSameBytesKeepLaterStepsCached() throws Exception {
    // index, encode, 2 seeds × (mine, train, search)
    assertEquals(8, run(15, null, false).ran());
    ExperimentRunner.Steps again = run(15, null, false);
    assertEquals(0, again.ran());
    assertEquals(8, again.cached());
    assertTrue(again.records().stream().allMatch(Results.StepRecord::cached));

    // A new option re-runs mining, which writes the same bytes: training and search stay cached.
    ExperimentRunner.Steps sameBytes = run(15, "bm25", false);
    assertEquals(List.of("mine-random-seed-1", "mine-random-seed-2"), ran);
    assertEquals(6, sameBytes.cached());

    // Other negatives: mining, then training and search of both seeds run again; index and encoder do not.
    run(10, "bm25", false);
    assertEquals(List.of("mine-random-seed-1", "train-random-seed-1", "search-random-seed-1", "mine-random-seed-2",
        "train-random-seed-2", "search-random-seed-2"), ran);
    assertEquals(8, run(10, "bm25", true).ran(), "--fresh runs everything");
  }

  @Test
  void aFailingStepStopsTheGridWithItsCauseAndLeavesNoMarker() throws Exception {
    failingSeed = 2;
    ExperimentRunner.StepFailedException e = assertThrows(ExperimentRunner.StepFailedException.class,
        () -> run(15, null, false));
    assertTrue(e.getCause() instanceof IllegalArgumentException, "the service's exception decides the exit code");
    assertTrue(e.getMessage().startsWith("step mine-random-seed-2 failed: bin/foil mine"), e.getMessage());
    assertTrue(e.getMessage().contains("foil: java.lang.IllegalArgumentException: no positives"), "the log's tail");
    assertTrue(Files.isRegularFile(dir.resolve("steps/mine-random-seed-1/step.json")));
    assertTrue(!Files.exists(dir.resolve("steps/mine-random-seed-2/step.json")), "a failed step is not cached");
  }

  @Test
  void settingsAServiceRefusesStopTheGridBeforeAnythingRuns() {
    assertThrows(IllegalArgumentException.class, () -> run(0, null, false), "n = 0 is refused when planning");
    assertTrue(ran.isEmpty() && !Files.exists(dir.resolve("steps/index/step.json")));
  }

  @Test
  void theSweepChoosesEachGroupsBestMeanAndBreaksTiesByListOrder() {
    ExperimentSpec.Sweep sweep = new ExperimentSpec.Sweep(0.2, 1L, "ndcg@10", List.of(1L, 2L),
        Map.of("a", List.of("s1", "s2", "s3"), "b", List.of("t1", "t2")));
    java.util.function.BiFunction<String, double[], Results.Row> row = (label, v) -> new Results.Row("sampler", label,
        java.util.Arrays.stream(v).mapToObj(x -> new Results.Cell(1L, Map.of("ndcg@10", x), null, null)).toList());
    Results r = new Results("v", "retrieval", null, null, "d", "now", Map.of(), Map.of(), List.of("ndcg@10"), List.of(
        row.apply("s1", new double[] {0.5, 0.7}), row.apply("s2", new double[] {0.65, 0.66}),
        row.apply("s3", new double[] {0.9, 0.1}), row.apply("t1", new double[] {0.4, 0.4}),
        row.apply("t2", new double[] {0.3, 0.5})), List.of(), null);
    List<Results.Choice> c = ExperimentRunner.choose(sweep, r, List.of());
    Map<String, Boolean> chosen = new java.util.HashMap<>();
    c.forEach(x -> chosen.put(x.sampler(), x.chosen()));
    assertEquals(Map.of("s1", false, "s2", true, "s3", false, "t1", true, "t2", false), chosen,
        "s2's mean 0.655 beats 0.6 and 0.5; t1 and t2 tie at 0.4, the first listed wins");
    assertEquals(0.655, c.stream().filter(x -> x.sampler().equals("s2")).findFirst().orElseThrow().value(), 1e-12);
  }

  @Test
  void aSweepOfVariantsAveragesEachVariantOverTheFixedSamplersRows() {
    ExperimentSpec.Sweep sweep = new ExperimentSpec.Sweep(0.2, 1L, "ndcg@10", List.of(1L), null,
        Map.of("queue", List.of("small", "large")));
    java.util.function.BiFunction<String, Double, Results.Row> row = (label, x) -> new Results.Row("sampler", label,
        List.of(new Results.Cell(1L, Map.of("ndcg@10", x), null, null)));
    // small: (0.5 + 0.9) / 2 = 0.7; large: (0.6 + 0.7) / 2 = 0.65. Either sampler alone would pick otherwise
    // for top-k.
    Results r = new Results("v", "retrieval", null, null, "d", "now", Map.of(), Map.of(), List.of("ndcg@10"), List.of(
        row.apply("top-k · small", 0.5), row.apply("top-k · large", 0.6), row.apply("random · small", 0.9),
        row.apply("random · large", 0.7)), List.of(), null);
    List<Results.Choice> c = ExperimentRunner.choose(sweep, r, List.of("top-k", "random"));
    assertEquals(List.of("small", "large"), c.stream().map(Results.Choice::sampler).toList());
    assertEquals(List.of(true, false), c.stream().map(Results.Choice::chosen).toList());
    assertEquals(0.7, c.get(0).value(), 1e-12);
  }
}
