package dev.foil.rankers.rerank;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.rankers.TrainerOptions;
import dev.foil.samplers.format.TrainingExample;
import dev.foil.samplers.format.TrainingSet;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Training a cross-encoder reranker listwise on mined groups, the use case behind {@code foil train reranker}. */
public final class RerankerTraining {
  private RerankerTraining() {}

  /** {@code --negatives}. */
  public static final JobOption<Integer> NEGATIVES = JobOption.of("negatives", Integer.class, 7, "negatives per group");
  /** {@code --groups-per-step}. */
  public static final JobOption<Integer> GROUPS_PER_STEP = JobOption.of("groups-per-step", Integer.class, 4,
      "query groups per step");
  /** {@code --max-length}. */
  public static final JobOption<Integer> MAX_LENGTH = JobOption.of("max-length", Integer.class, 256,
      "tokens per query–passage pair");

  /** The options of {@code foil train reranker}. */
  public static final JobOptions OPTIONS = new JobOptions("foil train reranker", TrainerOptions.ALL.stream()
      .filter(o -> o != TrainerOptions.BATCH_SIZE).toList(), List.of(NEGATIVES, GROUPS_PER_STEP, MAX_LENGTH));

  /**
   * What to train.
   *
   * @param examples the training set, read when training starts
   * @param base the pretrained model: a built-in name or a model directory
   * @param maxLength tokens per query–passage pair
   */
  public record Job(TrainingSet examples, String base, int heads, int maxLength, RerankerSettings settings, Path out,
      boolean resume) {
    public Job {
      Objects.requireNonNull(examples, "examples");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(out, "out");
    }

    /** The job that {@code values} of {@link #OPTIONS} describe. */
    public static Job of(JobOptions.Values v) {
      RerankerSettings settings = new RerankerSettings(v.get(GROUPS_PER_STEP), v.get(NEGATIVES),
          v.get(TrainerOptions.EPOCHS), v.get(TrainerOptions.LR), v.get(TrainerOptions.WARMUP),
          v.get(TrainerOptions.WEIGHT_DECAY), v.get(TrainerOptions.MAX_GRAD_NORM), v.get(TrainerOptions.DROPOUT),
          v.get(TrainerOptions.SEED), v.get(TrainerOptions.CHECKPOINT_EVERY));
      return new Job(TrainerOptions.trainingSet(v), v.get(TrainerOptions.BASE), v.get(TrainerOptions.HEADS),
          v.get(MAX_LENGTH), settings, v.get(TrainerOptions.OUT), v.get(TrainerOptions.RESUME));
    }
  }

  /**
   * Trains {@code job}, writing the model, {@code log.jsonl} and checkpoints under {@code job.out()}.
   *
   * @param log receives one line when training starts (examples, model, device)
   */
  public static TrainingLoop.Result train(Job job, ProgressListener progress, Consumer<String> log) throws IOException {
    List<TrainingExample> examples = job.examples().read();
    EncoderModel base = EncoderModel.resolve(job.base());
    try (CrossEncoderModel model = CrossEncoderModel.create(base, job.heads(), job.maxLength(),
        job.settings().seed(), Devices.preferred())) {
      log.accept(String.format(Locale.ROOT, "training reranker on %,d examples (%s, maxLength %d, device %s)",
          examples.size(), base.name(), job.maxLength(), model.encoder().manager().getDevice()));
      return new RerankerTrainer(model, job.settings()).train(examples, job.out(), job.resume(), progress,
          m -> Map.of());
    }
  }
}
