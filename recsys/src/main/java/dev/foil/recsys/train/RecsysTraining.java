package dev.foil.recsys.train;

import ai.djl.ndarray.NDManager;
import dev.foil.index.ProgressListener;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.recsys.data.InteractionData;
import dev.foil.recsys.data.InteractionInput;
import dev.foil.recsys.model.ModelSettings;
import dev.foil.recsys.model.RecModel;
import dev.foil.recsys.model.RecModels;
import dev.foil.samplers.items.ItemSamplers;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Training a recommender, the use case behind {@code foil recsys train}: the model trains on negatives
 * from its item sampler with checkpoints (a killed run resumes exactly), is evaluated after chosen
 * epochs by the caller's evaluator, and leaves {@code OUT/model} and {@code OUT/metrics.json}.
 */
public final class RecsysTraining {
  private RecsysTraining() {}

  /** Evaluates a model being trained, e.g. by full ranking of the test items. */
  @FunctionalInterface
  public interface Evaluator {
    Map<String, Double> evaluate(RecModel model, ProgressListener progress) throws IOException;
  }

  /** Makes the evaluator of the data a job reads. */
  @FunctionalInterface
  public interface Evaluation {
    Evaluator of(InteractionData data);
  }

  private static final ModelSettings SIMPLEX = ModelSettings.defaults("simplex");

  /** {@code --data}. */
  public static final JobOption<Path> DATA = JobOption.required("data", Path.class, "PATH",
      "LightGCN directory (train.txt, test.txt), MovieLens u.data (or its directory), or a CSV of user,item[,timestamp]");
  /** {@code --rating-threshold}. */
  public static final JobOption<Double> RATING_THRESHOLD = JobOption.of("rating-threshold", Double.class, 4.0,
      "MovieLens: lowest rating that counts as an interaction").label("R");
  /** {@code --split}. */
  public static final JobOption<String> SPLIT = JobOption.of("split", String.class, "random:0.2",
      "MovieLens/CSV: random:FRACTION[:SEED] or leave-one-out (the seed defaults to --seed)").label("SPLIT");
  /** {@code --validation}. */
  public static final JobOption<String> VALIDATION = JobOption.of("validation", String.class, null,
      "tune without the test set: hold out random:FRACTION[:SEED] of each user's training interactions "
          + "and train on the rest and evaluate on them instead (the seed defaults to --seed)").label("SPLIT");
  /** {@code --noise}. */
  public static final JobOption<String> NOISE = JobOption.of("noise", String.class, null,
      "robustness study: replace FRACTION[:SEED] of each user's training interactions by random items (false "
          + "positives) before training; the test is untouched (the seed defaults to --seed)").label("NOISE");
  /** Where the data is and how a single log is split: what training and evaluation both read. */
  public static final List<JobOption<?>> DATA_OPTIONS = List.of(DATA, RATING_THRESHOLD, SPLIT, VALIDATION, NOISE);

  /** {@code --model}. */
  public static final JobOption<String> MODEL = JobOption.of("model", String.class, "simplex",
      "simplex, mf-bpr, bpo or nbpo");
  /** {@code --sampler}. */
  public static final JobOption<String> SAMPLER = JobOption.of("sampler", String.class, null,
      "item sampler: uniform, popularity(alpha=0.75), dns(candidates=8), large-ratio(shared=true), nbpo "
          + "(default: large-ratio(shared=true) for simplex, nbpo for nbpo, uniform otherwise)").label("SPEC");
  /** {@code --negatives}. */
  public static final JobOption<Integer> NEGATIVES = JobOption.of("negatives", Integer.class, null,
      "negatives per positive (default: 1000 for simplex, 1 otherwise)").label("N");
  /** {@code --epochs}. */
  public static final JobOption<Integer> EPOCHS = JobOption.of("epochs", Integer.class, 10, "passes over the data");
  /** {@code --batch-size}. */
  public static final JobOption<Integer> BATCH_SIZE = JobOption.of("batch-size", Integer.class, 512, "pairs per step");
  /** {@code --lr}. */
  public static final JobOption<Float> LR = JobOption.of("lr", Float.class, TrainSettings.LEARNING_RATE,
      "peak AdamW rate").label("RATE");
  /** {@code --dim}. */
  public static final JobOption<Integer> DIM = JobOption.of("dim", Integer.class, SIMPLEX.dim(), "embedding dimension");
  /** {@code --reg}. */
  public static final JobOption<Float> REG = JobOption.of("reg", Float.class, null,
      "L2 on batch embeddings (default: 0 for simplex, 1e-4 otherwise)").label("LAMBDA");
  /** {@code --margin}. */
  public static final JobOption<Float> MARGIN = JobOption.of("margin", Float.class, SIMPLEX.margin(), "SimpleX margin m");
  /** {@code --negative-weight}. */
  public static final JobOption<Float> NEGATIVE_WEIGHT = JobOption.of("negative-weight", Float.class,
      SIMPLEX.negativeWeight(), "SimpleX negative weight w");
  /** {@code --gamma}. */
  public static final JobOption<Float> GAMMA = JobOption.of("gamma", Float.class, SIMPLEX.gamma(),
      "SimpleX mixing weight γ");
  /** {@code --history}. */
  public static final JobOption<Integer> HISTORY = JobOption.of("history", Integer.class, SIMPLEX.historyLength(),
      "SimpleX: history items aggregated per user");
  /** {@code --dropout}. */
  public static final JobOption<Float> DROPOUT = JobOption.of("dropout", Float.class, SIMPLEX.dropout(),
      "SimpleX: dropout on the user vector");
  /** {@code --leave-target-out}. */
  public static final JobOption<Boolean> LEAVE_TARGET_OUT = JobOption.flag("leave-target-out",
      "SimpleX: leave each training pair's own item out of its user's history aggregate");
  /** {@code --flip-rank}. */
  public static final JobOption<Integer> FLIP_RANK = JobOption.of("flip-rank", Integer.class, SIMPLEX.flipRank(),
      "NBPO: rank of the flip-rate factors");
  /** {@code --seed}. */
  public static final JobOption<Long> SEED = JobOption.of("seed", Long.class, SIMPLEX.seed(),
      "fixes splits, batches, negatives and initialisation");
  /** {@code --max-steps-per-epoch}. */
  public static final JobOption<Integer> MAX_STEPS_PER_EPOCH = JobOption.of("max-steps-per-epoch", Integer.class, 0,
      "cap steps per epoch (0: all)").label("N");
  /** {@code --eval-every}. */
  public static final JobOption<Integer> EVAL_EVERY = JobOption.of("eval-every", Integer.class, 1,
      "evaluate every EPOCHS epochs and after the last (0: only after the last)").label("EPOCHS");
  /** {@code --out}. */
  public static final JobOption<Path> OUT = JobOption.required("out", Path.class, "DIR", "output directory");
  /** {@code --resume}. */
  public static final JobOption<Boolean> RESUME = JobOption.flag("resume", "continue from OUT's checkpoint");

  /** The options of {@code foil recsys train}, apart from evaluation's cut-offs. */
  public static final JobOptions OPTIONS = new JobOptions("foil recsys train", DATA_OPTIONS, List.of(MODEL, SAMPLER,
      NEGATIVES, EPOCHS, BATCH_SIZE, LR, DIM, REG, MARGIN, NEGATIVE_WEIGHT, GAMMA, HISTORY, DROPOUT, LEAVE_TARGET_OUT,
      FLIP_RANK, SEED, MAX_STEPS_PER_EPOCH, EVAL_EVERY, OUT, RESUME));

  /**
   * What to train and where.
   *
   * @param data the interactions, read when training starts
   * @param evalEvery evaluate every this many epochs and after the last (0: only after the last)
   * @param out the output directory (model, log, checkpoints, metrics)
   * @param resume continue from {@code out}'s checkpoint
   */
  public record Job(InteractionInput data, ModelSettings model, TrainSettings training, int evalEvery, Path out,
      boolean resume) {
    public Job {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(training, "training");
      Objects.requireNonNull(out, "out");
    }

    /**
     * The job that {@code values} of {@link #OPTIONS} describe; the model's own defaults fill the
     * sampler, negatives and regularisation not given.
     */
    public static Job of(JobOptions.Values v) {
      String model = v.get(MODEL);
      long seed = v.get(SEED);
      ModelSettings ms = new ModelSettings(model, v.get(DIM),
          v.get(REG) != null ? v.get(REG) : ModelSettings.defaults(model).regularization(), v.get(MARGIN),
          v.get(NEGATIVE_WEIGHT), v.get(GAMMA), v.get(HISTORY), v.get(DROPOUT), v.get(FLIP_RANK), seed,
          v.get(LEAVE_TARGET_OUT));
      String sampler = v.get(SAMPLER) != null ? v.get(SAMPLER) : TrainSettings.defaultSampler(model);
      ItemSamplers.parse(sampler); // a bad spec is refused before anything is read
      TrainSettings ts = new TrainSettings(v.get(EPOCHS), v.get(BATCH_SIZE), v.get(LR),
          v.get(NEGATIVES) != null ? v.get(NEGATIVES) : TrainSettings.defaultNegatives(model), sampler, seed,
          v.get(MAX_STEPS_PER_EPOCH));
      InteractionInput data = new InteractionInput(v.get(DATA), v.get(RATING_THRESHOLD), v.get(SPLIT),
          v.get(VALIDATION), v.get(NOISE));
      return new Job(data, ms, ts, v.get(EVAL_EVERY), v.get(OUT), v.get(RESUME));
    }
  }

  /**
   * Trains {@code job}.
   *
   * @param log receives the data's summary once it is read
   * @param epochs receives each evaluation (epoch, metrics incl. {@code epoch} and {@code eval_seconds})
   */
  public static RecsysMetrics train(Job job, Evaluation evaluation, ProgressListener progress, Consumer<String> log,
      BiConsumer<Integer, Map<String, Double>> epochs) throws IOException {
    InteractionData d = job.data().read(job.training().seed());
    log.accept(d.summary());
    Evaluator evaluator = evaluation.of(d);
    int lastEpoch = job.training().epochs();
    try (NDManager manager = NDManager.newBaseManager(Devices.preferred(), Devices.ENGINE);
        RecModel m = RecModels.create(manager, job.model(), d.train())) {
      RecTrainer trainer = new RecTrainer(m, d.train(), job.training());
      TrainingLoop.Hooks hooks = new TrainingLoop.Hooks() {
        @Override
        public Map<String, Double> afterEpoch(int epoch, int step) throws IOException {
          if (epoch != lastEpoch && (job.evalEvery() <= 0 || epoch % job.evalEvery() != 0)) {
            return Map.of();
          }
          long t0 = System.nanoTime();
          Map<String, Double> metrics = new LinkedHashMap<>(evaluator.evaluate(m, progress));
          metrics.put("epoch", (double) epoch);
          metrics.put("eval_seconds", (System.nanoTime() - t0) / 1e9);
          epochs.accept(epoch, metrics);
          return metrics;
        }
      };
      TrainingLoop.Result r = trainer.run(job.out(), job.resume(), hooks, progress);
      RecModels.save(m, job.out().resolve("model"), d.sha256());
      RecsysMetrics metrics = new RecsysMetrics(d.summary(), job.model(), job.training(), r.steps(), r.seconds(),
          r.examplesPerSecond(), r.seconds() / lastEpoch, r.skippedSteps(), r.retriedSteps(), r.metrics());
      metrics.write(job.out());
      return metrics;
    }
  }
}
