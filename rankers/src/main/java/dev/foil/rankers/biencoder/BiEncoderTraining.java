package dev.foil.rankers.biencoder;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.OnnxEncoder;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.source.Bm25Source;
import dev.foil.rankers.TrainerOptions;
import dev.foil.rankers.biencoder.queue.QueueSettings;
import dev.foil.rankers.biencoder.queue.QueueTeacher;
import dev.foil.rankers.fn.FnAdapterModel;
import dev.foil.rankers.fn.LearnedFalseNegativeEstimator;
import dev.foil.samplers.format.TrainingExample;
import dev.foil.samplers.format.TrainingSet;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.pipeline.TextLookup;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Fine-tuning a bi-encoder, the use case behind {@code foil train bi-encoder}: the base model, the
 * fixed passage vectors of a store (query-side mode), optional evaluation after each epoch and optional
 * re-mining with the model being trained, assembled from a typed job.
 */
public final class BiEncoderTraining {
  private BiEncoderTraining() {}

  /** Query-side or full ({@code --mode}). */
  public static final JobOption<String> MODE = JobOption.of("mode", String.class, "query-side", "query-side or full");
  /** {@code --store}. */
  public static final JobOption<Path> STORE = JobOption.of("store", Path.class, null,
      "embedding store of the corpus by the base model: fixed passage vectors and evaluation").label("DIR");
  /** {@code --negatives}. */
  public static final JobOption<Integer> NEGATIVES = JobOption.of("negatives", Integer.class, 7,
      "mined negatives per query per step");
  /** {@code --temperature}. */
  public static final JobOption<Float> TEMPERATURE = JobOption.of("temperature", Float.class, 0.05f, "InfoNCE τ");
  /** {@code --no-in-batch}. */
  public static final JobOption<Boolean> NO_IN_BATCH = JobOption.flag("no-in-batch", "no in-batch negatives");
  /** {@code --query-max-length}. */
  public static final JobOption<Integer> QUERY_MAX_LENGTH = JobOption.of("query-max-length", Integer.class, 64,
      "query tokens");
  /** {@code --passage-max-length}. */
  public static final JobOption<Integer> PASSAGE_MAX_LENGTH = JobOption.of("passage-max-length", Integer.class, 256,
      "passage tokens when there is no --store (else the store's)");
  /** {@code --refresh-every}. */
  public static final JobOption<Integer> REFRESH_EVERY = JobOption.of("refresh-every", Integer.class, 0,
      "re-mine the training set with the current model every STEPS steps (query-side; needs --index)").label("STEPS");
  /** {@code --index}. */
  public static final JobOption<Path> INDEX = JobOption.of("index", Path.class, null,
      "BM25 index: document texts and a second source for re-mining").label("DIR");
  /** {@code --sampler}. */
  public static final JobOption<String> SAMPLER = JobOption.of("sampler", String.class, MiningSettings.SAMPLER,
      "sampler for re-mining").label("SPEC");
  /** {@code --mine-n}. */
  public static final JobOption<Integer> MINE_N = JobOption.of("mine-n", Integer.class, MiningSettings.NEGATIVES,
      "negatives per query when re-mining");
  /** {@code --mine-depth}. */
  public static final JobOption<Integer> MINE_DEPTH = JobOption.of("mine-depth", Integer.class, MiningSettings.DEPTH,
      "candidates per source when re-mining");

  /** {@code --queue}. */
  public static final JobOption<Integer> QUEUE = JobOption.of("queue", Integer.class, 0,
      "keep the last N passages seen as extra negatives (MoCo): store vectors in query-side mode, a momentum"
          + " encoder's in full mode; 0 for none").label("N");
  /** {@code --momentum}. */
  public static final JobOption<Float> MOMENTUM = JobOption.of("momentum", Float.class, QueueSettings.NONE.momentum(),
      "m of the key encoder's update θk ← m·θk + (1 − m)·θq (full mode with --queue)");
  /** {@code --queue-filter}. */
  public static final JobOption<String> QUEUE_FILTER = JobOption.of("queue-filter", String.class,
      QueueSettings.NONE.filter(), "which queue entries each query sees: all, or hardest(h=256,margin=0): the h most"
          + " similar, leaving out those above the positive's similarity minus margin").label("SPEC");
  /** {@code --queue-teacher}. */
  public static final JobOption<Path> QUEUE_TEACHER = JobOption.of("queue-teacher", Path.class, null,
      "a false-negative adapter (foil train fn-adapter, on --store's vectors) whose estimates leave likely false"
          + " negatives out of the queue before --queue-filter").label("DIR");
  /** {@code --queue-teacher-threshold}. */
  public static final JobOption<Double> QUEUE_TEACHER_THRESHOLD = JobOption.of("queue-teacher-threshold", Double.class,
      QueueSettings.TEACHER_THRESHOLD, "queue entries the teacher rates above this P(false negative) are left out");
  /** {@code --loss}. */
  public static final JobOption<String> LOSS = JobOption.of("loss", String.class, BiEncoderLoss.INFONCE.label(),
      "infonce, or dual: InfoNCE averaged with its key→query direction");

  /** The options of {@code foil train bi-encoder}, apart from evaluation. */
  public static final JobOptions OPTIONS = new JobOptions("foil train bi-encoder", TrainerOptions.ALL,
      List.of(MODE, STORE, NEGATIVES, TEMPERATURE, NO_IN_BATCH, QUERY_MAX_LENGTH, PASSAGE_MAX_LENGTH, REFRESH_EVERY,
          INDEX, SAMPLER, MINE_N, MINE_DEPTH, QUEUE, MOMENTUM, QUEUE_FILTER, QUEUE_TEACHER, QUEUE_TEACHER_THRESHOLD,
          LOSS));

  /**
   * What to train.
   *
   * @param examples the training set, read when training starts
   * @param base the pretrained model to start from: a built-in name or a model directory
   * @param store the corpus's embedding store by the base model: fixed passage vectors (query-side) and
   *     evaluation; may be {@code null} in full mode without evaluation
   * @param passageMaxLength passage tokens when there is no store (else the store's)
   * @param remining re-mine every {@code settings.refreshEvery()} steps, or {@code null}
   */
  public record Job(TrainingSet examples, String base, BiEncoderModel.Mode mode, int heads,
      int queryMaxLength, int passageMaxLength, Path store, BiEncoderSettings settings, Remine remining, Path out,
      boolean resume) {
    public Job {
      Objects.requireNonNull(examples, "examples");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(out, "out");
      if (mode == BiEncoderModel.Mode.QUERY_SIDE && store == null) {
        throw new IllegalArgumentException("query-side training needs --store: the fixed passage vectors");
      }
      if (settings.queue().teacher() != null && store == null) {
        throw new IllegalArgumentException("--queue-teacher needs --store: the adapter reads the passages' vectors there");
      }
      if (settings.refreshEvery() > 0 && (remining == null || store == null || mode != BiEncoderModel.Mode.QUERY_SIDE)) {
        throw new IllegalArgumentException("--refresh-every needs --mode query-side, --store and --index");
      }
    }

    /** The job that {@code values} of {@link #OPTIONS} describe. */
    public static Job of(JobOptions.Values v) {
      long seed = v.get(TrainerOptions.SEED);
      BiEncoderSettings settings = new BiEncoderSettings(v.get(TrainerOptions.BATCH_SIZE), v.get(NEGATIVES),
          v.get(TrainerOptions.EPOCHS), v.get(TrainerOptions.LR), v.get(TrainerOptions.WARMUP),
          v.get(TrainerOptions.WEIGHT_DECAY), v.get(TrainerOptions.MAX_GRAD_NORM), v.get(TEMPERATURE),
          v.get(TrainerOptions.DROPOUT), !v.get(NO_IN_BATCH), seed, v.get(TrainerOptions.CHECKPOINT_EVERY),
          v.get(REFRESH_EVERY), new QueueSettings(v.get(QUEUE), v.get(MOMENTUM), v.get(QUEUE_FILTER),
              v.get(QUEUE_TEACHER), v.get(QUEUE_TEACHER_THRESHOLD)),
          BiEncoderLoss.parse(v.get(LOSS)));
      Remine remine = v.get(INDEX) == null ? null : new Remine(Bm25Source.of(v.get(INDEX)),
          MiningSettings.defaults().withSampler(v.get(SAMPLER)).withN(v.get(MINE_N)).withSeed(seed)
              .withDepth(v.get(MINE_DEPTH), PooledCandidateSource.DEFAULT_RRF_K));
      return new Job(TrainerOptions.trainingSet(v), v.get(TrainerOptions.BASE), BiEncoderModel.Mode.parse(v.get(MODE)),
          v.get(TrainerOptions.HEADS), v.get(QUERY_MAX_LENGTH), v.get(PASSAGE_MAX_LENGTH), v.get(STORE), settings,
          remine, v.get(TrainerOptions.OUT), v.get(TrainerOptions.RESUME));
    }
  }

  /** The queue's teacher: {@code adapter} on the store's vectors, or null for none. */
  private static QueueTeacher queueTeacher(FnAdapterModel adapter, double threshold, EmbeddingStore store,
      OnnxEncoder encoder) {
    if (adapter == null) {
      return null;
    }
    return new QueueTeacher(new LearnedFalseNegativeEstimator(adapter, store, encoder, store.docIds()),
        id -> store.docIds().ordinal(id).orElseThrow(() -> new IllegalArgumentException(
            "--queue-teacher: passage " + id + " of the training set is not in the store " + store.dir())),
        threshold);
  }

  /**
   * How to re-mine: the BM25 index (texts and a second source) and the mining settings; the dense
   * source is the model being trained, the reference source chosen by name as {@code foil mine} does.
   */
  public record Remine(Bm25Source index, MiningSettings settings) {}

  /** Evaluation hooks for the model being trained, given the opened store (or {@code null} without one). */
  @FunctionalInterface
  public interface Evaluation {
    BiEncoderTrainer.Hooks hooks(EmbeddingStore store) throws IOException;
  }

  /**
   * Trains {@code job}, writing the model, {@code log.jsonl} and checkpoints under {@code job.out()}.
   *
   * @param evaluation per-epoch evaluation, or {@code null}
   * @param log receives one line when training starts (examples, model, device)
   */
  public static TrainingLoop.Result train(Job job, Evaluation evaluation, int threads, ProgressListener progress,
      Consumer<String> log) throws IOException {
    BiEncoderModel.Mode m = job.mode();
    List<TrainingExample> examples = job.examples().read();
    EncoderModel base = EncoderModel.resolve(job.base());
    try (EmbeddingStore st = job.store() == null ? null : EmbeddingStore.open(job.store());
        OnnxEncoder frozen = new OnnxEncoder(base, st == null ? job.passageMaxLength() : st.manifest().maxLength(),
            8, threads);
        BiEncoderModel model = BiEncoderModel.create(base, m, job.heads(), job.queryMaxLength(),
            st == null ? job.passageMaxLength() : st.manifest().maxLength(), Devices.preferred());
        Bm25Index bm25 = job.remining() == null || job.settings().refreshEvery() <= 0 ? null
            : job.remining().index().open(threads)) {
      PassageVectors fixed = m == BiEncoderModel.Mode.QUERY_SIDE ? new PassageVectors(st, frozen) : null;
      BiEncoderTrainer.Hooks evaluate = evaluation == null ? new BiEncoderTrainer.Hooks() {} : evaluation.hooks(st);
      Remining remining = bm25 == null ? null
          : new Remining(job.remining().settings(), List.of(bm25), st, frozen, TextLookup.of(bm25), bm25.docIds(),
              threads);
      BiEncoderTrainer.Hooks hooks = new BiEncoderTrainer.Hooks() {
        @Override
        public Map<String, Double> evaluate(BiEncoderModel model) throws IOException {
          return evaluate.evaluate(model);
        }

        @Override
        public List<TrainingExample> refresh(BiEncoderModel model, List<TrainingExample> current) throws IOException {
          return remining == null ? current : remining.refresh(model, current);
        }
      };
      log.accept(String.format(Locale.ROOT, "training %s bi-encoder on %,d examples (%s, device %s)", m.label(),
          examples.size(), base.name(), model.queryTower().manager().getDevice()));
      QueueSettings queue = job.settings().queue();
      try (FnAdapterModel adapter = queue.teacher() == null ? null : FnAdapterModel.open(queue.teacher(), Devices.preferred())) {
        return new BiEncoderTrainer(model, job.settings(), fixed, queueTeacher(adapter, queue.teacherThreshold(), st, frozen))
            .train(examples, job.out(), job.resume(), progress, hooks);
      }
    }
  }
}
