package dev.foil.eval.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.eval.training.EvaluatedTraining;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {
  private static final Path STEPS = Path.of("/r/steps");

  private static ExperimentSpec retrieval(ExperimentSpec.Model model, List<String> samplers) {
    return new ExperimentSpec("t", null, Path.of("/data/scifact"), null, List.of("bm25", "dense"), null,
        List.of("bm25", "dense"), null, samplers, model, List.of(1L, 2L), null, null);
  }

  @Test
  void everyStepRunsAfterTheStepsItReads() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("epochs", 2);
    options.put("eval_split", "test");
    options.put("no_in_batch", true);
    options.put("resume", false);
    ExperimentPlan p = ExperimentPlan.of(retrieval(new ExperimentSpec.Model("bi-encoder", options),
        List.of("top-k", "simans(a=1,b=0)")), STEPS, 0);
    Set<String> seen = new HashSet<>();
    for (Step s : p.steps()) {
      for (String a : s.after()) {
        assertTrue(seen.contains(a), s.id() + " runs before " + a);
      }
      seen.add(s.id());
      assertTrue(s.args().contains("--quiet"));
    }
    // index, encode, 2 first-stage, 2 samplers × 2 seeds × (mine, train, search)
    assertEquals(16, p.steps().size());
    Step train = p.step("train-simans-a-1-b-0-seed-2");
    String cmd = String.join(" ", train.args());
    assertTrue(cmd.startsWith("train bi-encoder --train /r/steps/mine-simans-a-1-b-0-seed-2/mined.jsonl --data "
        + "/data/scifact --out /r/steps/train-simans-a-1-b-0-seed-2/model --epochs 2 --seed 2 --store "
        + "/r/steps/encode/store --no-in-batch --eval-split test --quiet"), cmd);
    assertFalse(cmd.contains("--resume"), "false flags are left out");
    // The step calls the service with the same settings, typed.
    EvaluatedTraining.BiEncoder t = ((StepAction.TrainBiEncoder) train.action()).training();
    assertEquals(2, t.job().settings().epochs());
    assertEquals(2, t.job().settings().seed());
    assertFalse(t.job().settings().inBatch());
    assertEquals(7, t.job().settings().negatives(), "the declared default");
    assertEquals("test", t.evalSplit());
    assertEquals(Path.of("/r/steps/mine-simans-a-1-b-0-seed-2/mined.jsonl"), t.job().examples().file());
    assertTrue(p.step("mine-top-k-seed-1").command().contains("--sources bm25,dense"));
    assertTrue(p.step("mine-simans-a-1-b-0-seed-1").command().contains("--sampler 'simans(a=1,b=0)'"),
        "commands are quoted for a shell");
    assertEquals(List.of("first-stage", "first-stage", "sampler", "sampler"),
        p.rows().stream().map(ExperimentPlan.Row::group).toList());
  }

  @Test
  void diagnosticsOnlyNeedsNoEncoderWithoutDenseSources() {
    ExperimentSpec s = new ExperimentSpec("t", null, Path.of("/d"), null, null, null, null, null, List.of("random"), null,
        null, null, null);
    ExperimentPlan p = ExperimentPlan.of(s, STEPS, 4);
    assertEquals(List.of("index", "mine-random-seed-42"), p.steps().stream().map(Step::id).toList());
    assertTrue(String.join(" ", p.step("index").args()).endsWith("--quiet --threads 4"));
  }

  @Test
  void recsysTrainsOneModelPerSamplerAndSeedWithTheMetricsCutoffs() {
    ExperimentSpec s = new ExperimentSpec("r", "recsys", Path.of("/gowalla"), null, null, null, null, null,
        List.of("uniform", "popularity(alpha=0.5)"), new ExperimentSpec.Model("mf-bpr", Map.of("epochs", 3)),
        List.of(7L), new ExperimentSpec.Eval(null, List.of("recall@20", "ndcg@50"), null), null);
    ExperimentPlan p = ExperimentPlan.of(s, STEPS, 0);
    assertEquals(2, p.steps().size());
    Step step = p.step("train-popularity-alpha-0.5-seed-7");
    assertEquals("bin/foil recsys train --data /gowalla --model mf-bpr --sampler 'popularity(alpha=0.5)' --epochs 3"
        + " --seed 7 --out /r/steps/train-popularity-alpha-0.5-seed-7/out --k 20,50 --quiet", step.command());
    EvaluatedTraining.Recsys t = ((StepAction.TrainRecsys) step.action()).training();
    assertEquals("mf-bpr", t.job().model().kind());
    assertEquals(3, t.job().training().epochs());
    assertEquals(1, t.job().training().negatives(), "MF-BPR's own default");
    assertEquals("popularity(alpha=0.5)", t.job().training().sampler());
    assertArrayEquals(new int[] {20, 50}, t.ks());
  }

  @Test
  void badModelOptionsStopThePlanNamingTheKey() {
    assertEquals("model.options.epochs: expected an integer, got \"two\"", planError(Map.of("epochs", "two")));
    assertEquals("model.options.epochs: expected an integer, got a list", planError(Map.of("epochs", List.of(1, 2))));
    String unknown = planError(Map.of("epoch", 2));
    assertTrue(unknown.startsWith(
        "model.options.epoch: not an option of foil train bi-encoder (its options: train, data, columns, out,"), unknown);
    assertEquals("model.options.seed: the experiment sets it for each step", planError(Map.of("seed", 3)));
    assertEquals("model.options: illegal epochs value: 0, must be at least 1", planError(Map.of("epochs", 0)));
    assertEquals("model.options: unknown mode \"half\": use full or query-side", planError(Map.of("mode", "half")));
  }

  private static String planError(Map<String, Object> options) {
    return assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.of(
        retrieval(new ExperimentSpec.Model("bi-encoder", options), List.of("top-k")), STEPS, 0)).getMessage();
  }

  @Test
  void aSamplerListedTwiceIsAnError() {
    assertThrows(IllegalArgumentException.class,
        () -> ExperimentPlan.of(retrieval(null, List.of("top-k", "top-k")), STEPS, 0));
  }

  @Test
  void variantsTrainOnTheSameNegativesEachAsARowOfItsOwn() {
    Map<String, Map<String, Object>> variants = new LinkedHashMap<>();
    variants.put("in-batch", Map.of());
    variants.put("queue", Map.of("queue", 64, "queue_filter", "hardest(h=8)"));
    ExperimentSpec spec = new ExperimentSpec("t", null, Path.of("/data/scifact"), null, List.of("bm25"), null,
        List.of(), null, List.of("top-k"), new ExperimentSpec.Model("bi-encoder", Map.of("epochs", 1), variants),
        List.of(1L, 2L), null, null);
    ExperimentPlan p = ExperimentPlan.of(spec, STEPS, 0);
    // index, encode, 2 seeds × (one mine, 2 variants × (train, search))
    assertEquals(12, p.steps().size());
    assertEquals(List.of("top-k · in-batch", "top-k · queue"), p.rows().stream().map(ExperimentPlan.Row::label).toList());
    Step queued = p.step("train-top-k-queue-seed-2");
    assertEquals(List.of("mine-top-k-seed-2", "encode"), queued.after(), "the variants share the mined negatives");
    var settings = ((StepAction.TrainBiEncoder) queued.action()).training().job().settings();
    assertEquals(64, settings.queue().size());
    assertEquals("hardest(h=8,margin=0)", settings.queue().filter());
    assertEquals(1, settings.epochs(), "the model's options apply to every variant");
    assertTrue(queued.command().contains("--queue 64"), queued.command());
    assertEquals(0, ((StepAction.TrainBiEncoder) p.step("train-top-k-in-batch-seed-1").action()).training().job()
        .settings().queue().size());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> new ExperimentSpec.Model(
        "bi-encoder", Map.of("queue", 8), Map.of("q", Map.of("queue", 16))));
    assertTrue(both.getMessage().contains("model.variants.q.queue"), both.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ExperimentSpec.Model("bi-encoder",
        Map.of("queue-filter", "all"), Map.of("q", Map.of("queue_filter", "hardest"))), "either spelling of a name");
    Map<String, Map<String, Object>> bad = Map.of("typo", Map.of("queu", 16));
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.of(
        new ExperimentSpec("t", null, Path.of("/data/scifact"), null, List.of("bm25"), null, List.of(), null,
            List.of("top-k"), new ExperimentSpec.Model("bi-encoder", Map.of(), bad), List.of(1L), null, null), STEPS, 0));
    assertTrue(typo.getMessage().contains("model.variants.typo"), typo.getMessage());
  }

  @Test
  void aSweepOfVariantsValidatesItsCandidatesOnTheFixedSamplersThenKeepsTheChosen() {
    Map<String, Map<String, Object>> variants = new LinkedHashMap<>();
    variants.put("in-batch", Map.of());
    variants.put("q-small", Map.of("queue", 16));
    variants.put("q-large", Map.of("queue", 64));
    ExperimentSpec.Model model = new ExperimentSpec.Model("bi-encoder", Map.of("epochs", 1), variants);
    ExperimentSpec.Sweep sweep = new ExperimentSpec.Sweep(0.2, 1L, null, null, null,
        Map.of("queue", List.of("q-small", "q-large")));
    ExperimentSpec spec = new ExperimentSpec("t", null, Path.of("/data/scifact"), null, List.of("bm25"), null,
        List.of(), null, List.of("top-k"), model, List.of(1L, 2L), null, sweep);
    ExperimentSpec validation = spec.validationPhase(Path.of("/v/data"));
    assertEquals(List.of("top-k"), validation.samplers());
    assertEquals(List.of("q-small", "q-large"), List.copyOf(validation.model().variants().keySet()));
    assertEquals("validation", validation.eval().split());
    ExperimentSpec grid = spec.withChosen(List.of("q-large"));
    assertEquals(List.of("in-batch", "q-large"), List.copyOf(grid.model().variants().keySet()));
    assertEquals(null, grid.sweep());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new ExperimentSpec("t",
        null, Path.of("/data/scifact"), null, List.of("bm25"), null, List.of(), null, List.of("top-k"), model,
        List.of(1L), null, new ExperimentSpec.Sweep(0.2, 1L, null, null, null, Map.of("g", List.of("q-huge")))));
    assertTrue(unknown.getMessage().contains("\"q-huge\" is not one of model.variants"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ExperimentSpec.Sweep(0.2, 1L, null, null,
        Map.of("s", List.of("top-k")), Map.of("g", List.of("q-small"))), "samplers or variants, not both");
  }
}
