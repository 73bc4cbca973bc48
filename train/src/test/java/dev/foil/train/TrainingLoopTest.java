package dev.foil.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.foil.index.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {
  @TempDir Path dir;

  /**
   * Trains w towards (3, −1) for 6 steps; {@code nanAt} names the attempts whose gradient is NaN (counting
   * every call of the step).
   */
  private float[] train(Path out, int... nanAt) throws Exception {
    return train(out, Float.NaN, nanAt);
  }

  /** As {@link #train(Path, int...)}, the gradient of the attempts {@code at} multiplied by {@code factor}. */
  private float[] train(Path out, float factor, int... at) throws Exception {
    int[] nanAt = at;
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      NDArray w = m.create(new float[] {0f, 0f});
      w.setRequiresGradient(true);
      NDArray target = m.create(new float[] {3f, -1f});
      int[] calls = {0};
      TrainingLoop loop = new TrainingLoop(Map.of("w", w), m,
          new TrainingLoop.Plan(3, 2, 0.5f, 0f, 0f, 0f, 7, 100, "test"));
      TrainingLoop.Result r = loop.run(out, false, (step, epoch) -> {
        int call = calls[0]++;
        boolean poison = java.util.Arrays.stream(nanAt).anyMatch(c -> c == call);
        try (GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
          NDArray loss = w.sub(target).square().sum();
          gc.backward(poison ? loss.mul(factor) : loss);
          return new TrainingLoop.Outcome(loss.getFloat(), 1);
        }
      }, new TrainingLoop.Hooks() {}, ProgressListener.NONE);
      lastResult = r;
      return w.toFloatArray();
    }
  }

  private TrainingLoop.Result lastResult;

  @Test
  void aTransientNonFiniteGradientIsRetriedAndTheRunEndsAsAnUndisturbedOne() throws Exception {
    float[] clean = train(dir.resolve("clean"));
    assertEquals(0, lastResult.retriedSteps());
    float[] disturbed = train(dir.resolve("transient"), 2); // the third step's first attempt only
    assertEquals(1, lastResult.retriedSteps());
    assertEquals(0, lastResult.skippedSteps());
    assertArrayEquals(clean, disturbed, "same weights as a run that never saw the NaN");
    assertTrue(Files.readString(dir.resolve("transient/log.jsonl")).contains("\"retry\""), "the retry is logged");

    float[] persistent = train(dir.resolve("persistent"), 2, 3); // both attempts of the third step
    assertEquals(1, lastResult.retriedSteps());
    assertEquals(1, lastResult.skippedSteps());
    assertTrue(Float.isFinite(persistent[0]) && Float.isFinite(persistent[1]), "a skipped step poisons nothing");
    assertTrue(persistent[0] != clean[0], "the skipped step is missing from the result");
  }

  @Test
  void anAbsurdlyLargeFiniteGradientIsRetriedAndTakenOnlyWhenItComesBack() throws Exception {
    float[] clean = train(dir.resolve("clean"));
    float[] spiked = train(dir.resolve("transient"), 1e9f, 2); // the third step's first attempt only
    assertEquals(1, lastResult.retriedSteps());
    assertEquals(0, lastResult.skippedSteps());
    assertArrayEquals(clean, spiked, "same weights as a run that never saw the spike");
    assertTrue(Files.readString(dir.resolve("transient/log.jsonl")).contains("times the largest so far"),
        "the retry says why");

    float[] real = train(dir.resolve("real"), 1e9f, 2, 3); // both attempts: the engine means it
    assertEquals(1, lastResult.retriedSteps());
    assertEquals(0, lastResult.skippedSteps());
    assertTrue(real[0] != clean[0], "a spike that comes back is taken");
    assertEquals(null, TrainingLoop.doubtfulGradient(19f, 1f), "growth below the factor is ordinary");
    assertTrue(TrainingLoop.doubtfulGradient(2101.8f, 32.99f) != null,
        "the engine's garbage seen in a fresh-clone CI run (the same loss gave 35.19 on the other attempt)");
  }

  @Test
  void trainerStateAdvancesOncePerStepAndTravelsWithTheCheckpoint() throws Exception {
    // A counter of updates kept as trainer state: afterUpdate runs once per step, also for a step run twice,
    // and a resumed run starts from the checkpoint's count, not from zero nor from where the crash left it.
    int[] updates = {0};
    int[] calls = {0};
    TrainingLoop.Hooks counting = new TrainingLoop.Hooks() {
      @Override
      public void afterUpdate(int step, TrainingLog log) {
        assertEquals(updates[0], step, "one update per step, in order");
        updates[0]++;
      }

      @Override
      public void saveState(Path checkpoint) throws java.io.IOException {
        Files.writeString(checkpoint.resolve("updates.txt"), Integer.toString(updates[0]));
      }

      @Override
      public void loadState(Path checkpoint) throws java.io.IOException {
        updates[0] = Integer.parseInt(Files.readString(checkpoint.resolve("updates.txt")));
      }

      @Override
      public Map<String, Double> afterEpoch(int epoch, int step) {
        if (epoch == 1 && calls[0] < 100) {
          throw new IllegalStateException("interrupted after the first epoch's checkpoint");
        }
        return Map.of();
      }
    };
    try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
      NDArray w = m.create(new float[] {0f, 0f});
      w.setRequiresGradient(true);
      TrainingLoop.Step step = (s, epoch) -> {
        int call = calls[0]++;
        try (GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
          NDArray loss = w.sub(m.create(new float[] {3f, -1f})).square().sum();
          gc.backward(call == 1 ? loss.mul(Float.NaN) : loss); // the second step runs twice
          return new TrainingLoop.Outcome(loss.getFloat(), 1);
        }
      };
      TrainingLoop.Plan plan = new TrainingLoop.Plan(3, 2, 0.5f, 0f, 0f, 0f, 7, 100, "state");
      Path out = dir.resolve("state");
      try {
        new TrainingLoop(Map.of("w", w), m, plan).run(out, false, step, counting, ProgressListener.NONE);
      } catch (IllegalStateException expected) {
        // the first epoch's checkpoint holds 3 updates
      }
      assertEquals(3, updates[0], "three steps, one of them run twice");
      assertEquals("3", Files.readString(out.resolve("checkpoint/updates.txt")));
      updates[0] = -50; // whatever the crashed process held is not what a resumed one starts from
      calls[0] = 100;
      new TrainingLoop(Map.of("w", w), m, plan).run(out, true, step, counting, ProgressListener.NONE);
      assertEquals(6, updates[0]);
    }
  }
}
