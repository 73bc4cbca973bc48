package dev.foil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.ProgressListener;
import dev.foil.index.Seeds;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.StagingDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The loop every Foil trainer runs: {@link AdamW} under a warm-up/decay {@link Schedule}, a JSON log of
 * every step, checkpoints (weights, optimiser moments, step, and the trainer's own state through
 * {@link Hooks#saveState}) every few steps and at each epoch's end,
 * exact resumption from the last checkpoint, and a per-step seed for the engine's generator so that a
 * resumed run draws the same dropout masks as an uninterrupted one. A step whose gradient is not finite
 * is run once more with the same seed, and skipped (logged with its NaN norm) if it is still not finite,
 * rather than allowed to poison the weights. Such gradients came and went between identical runs until
 * their cause, scalars freed before the backward pass read them, was found ({@link GraphScalar}); the
 * retry stays as a guard.
 */
public final class TrainingLoop {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How long and how fast to train.
   *
   * @param fingerprint identifies the run (data size, settings); a checkpoint of another run is refused
   */
  public record Plan(int stepsPerEpoch, int epochs, float learningRate, float warmup, float weightDecay,
      float maxGradNorm, long seed, int checkpointEvery, String fingerprint) {
    public Plan {
      if (stepsPerEpoch < 1 || epochs < 1 || checkpointEvery < 1) {
        throw new IllegalArgumentException("illegal plan: " + stepsPerEpoch + " steps per epoch, " + epochs
            + " epochs, checkpoint every " + checkpointEvery);
      }
    }

    public int totalSteps() {
      return stepsPerEpoch * epochs;
    }
  }

  /** One training step: forward and backward pass on the step's batch. */
  public interface Step {
    /** Runs step {@code step} (0-based) of {@code epoch}; returns the loss and the examples it saw. */
    Outcome run(int step, int epoch) throws IOException;
  }

  /** A step's loss and batch size. */
  public record Outcome(double loss, int examples) {}

  /** Called around steps: before each (re-mining) and after each epoch (evaluation). */
  public interface Hooks {
    /** Before the first step of a fresh (not resumed) run; returns metrics to log at step 0. */
    default Map<String, Double> beforeTraining() throws IOException {
      return Map.of();
    }

    /** Before step {@code step}; {@code resumed} is true for the first step after a resume. */
    default void beforeStep(int step, boolean resumed, TrainingLog log) throws IOException {}

    /**
     * After step {@code step}'s (0-based) weight update and before its checkpoint: state that must follow
     * the updated weights (a momentum encoder, a queue of keys) advances here, once per step even when the
     * step was run twice.
     */
    default void afterUpdate(int step, TrainingLog log) throws IOException {}

    /** Writes the trainer's own state (beyond weights and optimiser) into a checkpoint being staged. */
    default void saveState(Path checkpoint) throws IOException {}

    /** Restores what {@link #saveState} wrote, when a run resumes from {@code checkpoint}. */
    default void loadState(Path checkpoint) throws IOException {}

    /** After the last step of {@code epoch} (1-based); returns metrics to log. */
    default Map<String, Double> afterEpoch(int epoch, int step) throws IOException {
      return Map.of();
    }
  }

  /** What a run did. */
  public record Result(int steps, int resumedFromStep, double firstLoss, double lastLoss, double seconds,
      double examplesPerSecond, Map<String, Double> metrics, int skippedSteps, int retriedSteps) {
    /**
     * The line every trainer prints: steps, time, throughput and the loss at both ends.
     *
     * @param unit what an example is, e.g. {@code examples} or {@code groups}
     */
    public String summary(String unit) {
      return String.format(Locale.ROOT, "%d steps%s in %.1f s (%.2f %s/s, %.2f s/step); loss %.4f -> %.4f%s%s", steps,
          resumedFromStep > 0 ? " (resumed at " + resumedFromStep + ")" : "", seconds, examplesPerSecond, unit,
          seconds / Math.max(1, steps - resumedFromStep), firstLoss, lastLoss,
          retriedSteps > 0 ? "; " + retriedSteps + " steps run twice (non-finite gradient the first time)" : "",
          skippedSteps > 0 ? "; " + skippedSteps + " steps skipped (non-finite gradient)" : "");
    }
  }

  private final Map<String, NDArray> params;
  private final NDManager manager;
  private final Plan plan;

  /**
   * @param params every trained parameter by unique name
   * @param manager where resumed optimiser state is created
   */
  public TrainingLoop(Map<String, NDArray> params, NDManager manager, Plan plan) {
    this.params = new LinkedHashMap<>(params);
    this.manager = manager;
    this.plan = plan;
  }

  /** Trains, writing {@code log.jsonl} and {@code checkpoint/} under {@code out}; deletes the checkpoint on success. */
  public Result run(Path out, boolean resume, Step step, Hooks hooks, ProgressListener progress) throws IOException {
    Files.createDirectories(out);
    int total = plan.totalSteps();
    Path ckpt = out.resolve("checkpoint");
    StagingDirectory.recover(ckpt);
    boolean resuming = resume && Files.isRegularFile(ckpt.resolve("state.json"));
    if (resuming) {
      JsonNode state = JSON.readTree(ckpt.resolve("state.json").toFile());
      if (!plan.fingerprint().equals(state.path("fingerprint").asText())) {
        throw new IllegalArgumentException(ckpt + " belongs to another run: " + state.path("fingerprint").asText()
            + " vs " + plan.fingerprint());
      }
      loadWeights(ckpt.resolve("weights.params"));
      hooks.loadState(ckpt);
    }
    AdamW opt = new AdamW(params, new Schedule(plan.learningRate(), Math.round(plan.warmup() * total), total),
        plan.weightDecay(), plan.maxGradNorm());
    int start = 0;
    if (resuming) {
      opt.load(ckpt.resolve("adamw.state"), manager);
      start = opt.step();
    }
    double first = Double.NaN;
    double last = Double.NaN;
    long began = System.nanoTime();
    long seen = 0;
    int retried = 0;
    float largestNorm = 0f;
    Map<String, Double> metrics = Map.of();
    try (TrainingLog log = new TrainingLog(out.resolve("log.jsonl"), start > 0)) {
      if (start > 0) {
        log.event(start, "resume", Map.of("from", ckpt.toString()));
      } else {
        Map<String, Double> initial = hooks.beforeTraining();
        if (!initial.isEmpty()) {
          log.eval(0, initial);
        }
      }
      progress.start("train", total, "steps");
      progress.advance(start);
      for (int s = start; s < total; s++) {
        int epoch = s / plan.stepsPerEpoch();
        hooks.beforeStep(s, s == start && start > 0, log);
        Devices.seed(Seeds.mix(plan.seed(), s));
        long t0 = System.nanoTime();
        float lr = opt.learningRate();
        Outcome o = step.run(s, epoch);
        String doubt = doubtfulGradient(opt.gradientNorm(), largestNorm);
        if (doubt != null) {
          // A non-finite gradient from a finite loss, or a finite one of absurd size (2.2e11 where its
          // neighbours were 40; 2,102 where they were 33), came and went between identical runs while graph
          // scalars could be freed before the backward pass (GraphScalar). As a guard the step is run once
          // more (same seed, same batch). A non-finite one is then skipped; a large one that comes back is
          // real and taken, clipped as usual.
          opt.discardGradients();
          log.event(s + 1, "retry", Map.of("reason", doubt));
          retried++;
          Devices.seed(Seeds.mix(plan.seed(), s));
          o = step.run(s, epoch);
        }
        float norm = opt.update();
        if (Float.isFinite(norm)) {
          largestNorm = Math.max(largestNorm, norm);
        }
        hooks.afterUpdate(s, log);
        double secs = (System.nanoTime() - t0) / 1e9;
        seen += o.examples();
        if (Double.isNaN(first)) {
          first = o.loss();
        }
        last = o.loss();
        log.step(s + 1, epoch + 1, o.loss(), lr, norm, o.examples() / secs);
        progress.advance(1);
        progress.status(String.format(Locale.ROOT, "loss %.4f, %.1f ex/s", o.loss(), o.examples() / secs));
        boolean epochEnd = (s + 1) % plan.stepsPerEpoch() == 0;
        if ((s + 1) % plan.checkpointEvery() == 0 || epochEnd) {
          checkpoint(ckpt, opt, hooks);
        }
        if (epochEnd) {
          metrics = hooks.afterEpoch(epoch + 1, s + 1);
          if (!metrics.isEmpty()) {
            log.eval(s + 1, metrics);
          }
        }
      }
      progress.finish();
    }
    StagingDirectory.deleteRecursively(ckpt);
    double seconds = (System.nanoTime() - began) / 1e9;
    return new Result(total, start, first, last, seconds, seen / Math.max(1e-9, seconds), metrics, opt.skipped(),
        retried);
  }

  /**
   * Gradients norms this many times the largest of the run so far are run again before they are used.
   * Gradients read from freed memory ({@link GraphScalar}) were 2.2e11 against 40, and 2,102 against 33 (a
   * finite loss identical to the second attempt's); over 160 training logs of real runs, no step exceeded 3.1 times the run's largest
   * norm so far once past a first step of near-zero gradient. A real spike comes back on the retry and is
   * taken, so a tight factor costs one repeated step, never a different result.
   */
  static final float DOUBTFUL_GROWTH = 20f;

  /** Why a step's gradient (of global norm {@code norm}) is run again, or null when it is used as it is. */
  static String doubtfulGradient(float norm, float largestSoFar) {
    if (!Float.isFinite(norm)) {
      return "non-finite gradient";
    }
    if (largestSoFar > 0 && norm > DOUBTFUL_GROWTH * largestSoFar) {
      return String.format(Locale.ROOT, "gradient norm %.3g, over %,.0f times the largest so far (%.3g)", norm,
          DOUBTFUL_GROWTH, largestSoFar);
    }
    return null;
  }

  /** The seeded order in which {@code epoch} visits {@code n} examples (a Fisher–Yates shuffle). */
  public static int[] epochOrder(int n, long seed, int epoch) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) {
      o[i] = i;
    }
    java.util.SplittableRandom rng = new java.util.SplittableRandom(Seeds.mix(seed, epoch, -1));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = o[i];
      o[i] = o[j];
      o[j] = t;
    }
    return o;
  }

  /**
   * Writes weights, optimiser state and step into a staged directory that replaces the previous
   * checkpoint in one rename: a kill at any point leaves either the old checkpoint or the new one,
   * never the weights of one step beside the step number of another.
   */
  private void checkpoint(Path ckpt, AdamW opt, Hooks hooks) throws IOException {
    try (StagingDirectory staging = StagingDirectory.create(ckpt, CHECKPOINT, true)) {
      Path dir = staging.path();
      saveWeights(params, dir.resolve("weights.params"));
      opt.save(dir.resolve("adamw.state"));
      hooks.saveState(dir);
      ObjectNode n = JSON.createObjectNode();
      n.put("step", opt.step()).put("total", plan.totalSteps()).put("fingerprint", plan.fingerprint());
      AtomicFile.writeText(dir.resolve("state.json"), w -> w.write(n.toPrettyString()));
      staging.commit();
    }
  }

  /** A training checkpoint directory ({@code state.json} marks those written before markers). */
  private static final StagingDirectory.Kind CHECKPOINT = new StagingDirectory.Kind("training-checkpoint", "state.json");

  private void loadWeights(Path file) throws IOException {
    loadWeights(params, manager, file);
  }

  /** Writes named parameters atomically to {@code file} (DJL's NDList encoding). */
  public static void saveWeights(Map<String, NDArray> params, Path file) throws IOException {
    NDList list = new NDList();
    params.forEach((name, a) -> {
      a.setName(name);
      list.add(a);
    });
    AtomicFile.writeBytes(file, list::encode);
  }

  /** Overwrites {@code params} in place with what {@link #saveWeights} wrote; every saved name must fit. */
  public static void loadWeights(Map<String, NDArray> params, NDManager manager, Path file) throws IOException {
    try (NDManager tmp = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
      for (NDArray a : NDList.decode(tmp, in)) {
        NDArray target = params.get(a.getName());
        if (target == null || !target.getShape().equals(a.getShape())) {
          throw new IOException(file + ": weight " + a.getName() + " does not fit this model");
        }
        target.set(a.toFloatArray());
      }
    }
  }
}
