package dev.foil.rankers;

import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.samplers.format.Columns;
import dev.foil.samplers.format.TrainingSet;
import java.nio.file.Path;
import java.util.List;

/**
 * The options every ranker trainer shares (bi-encoder, reranker, false-negative adapter): data, output,
 * optimiser and schedule, declared once with their defaults.
 */
public final class TrainerOptions {
  public static final JobOption<Path> TRAIN = JobOption.required("train", Path.class, "FILE",
      "training set from `foil mine` (bge, tevatron, st-triplet, st-ntuple or ids)");
  public static final JobOption<Path> DATA = JobOption.of("data", Path.class, null,
      "the BEIR dataset the training set came from: texts for the ids layout, queries and qrels for evaluation")
      .label("DIR");
  public static final JobOption<String> COLUMNS = JobOption.of("columns", String.class, null,
      "which columns of a sentence-transformers --train file are the query, positive, negative (label, score),"
          + " e.g. query=question,positive=answer (default: by name, else the first column is the query and the"
          + " second the positive)").label("ROLE=COLUMN,…");
  public static final JobOption<Path> OUT = JobOption.required("out", Path.class, "DIR", "model directory to write");
  public static final JobOption<String> BASE = JobOption.of("base", String.class, "minilm",
      "pretrained model to start from: minilm, or a model directory").label("MODEL");
  public static final JobOption<Integer> HEADS = JobOption.of("heads", Integer.class, 12,
      "attention heads of the base model");
  public static final JobOption<Integer> EPOCHS = JobOption.of("epochs", Integer.class, 2, "passes over the training set");
  public static final JobOption<Integer> BATCH_SIZE = JobOption.of("batch-size", Integer.class, 32, "queries per step");
  public static final JobOption<Float> LR = JobOption.of("lr", Float.class, 2e-5f, "peak learning rate");
  public static final JobOption<Float> WARMUP = JobOption.of("warmup", Float.class, 0.1f,
      "fraction of steps warming up");
  public static final JobOption<Float> WEIGHT_DECAY = JobOption.of("weight-decay", Float.class, 0.01f,
      "AdamW weight decay");
  public static final JobOption<Float> MAX_GRAD_NORM = JobOption.of("max-grad-norm", Float.class, 1.0f,
      "gradient-norm clip, 0 for none");
  public static final JobOption<Float> DROPOUT = JobOption.of("dropout", Float.class, 0.1f, "dropout while training");
  public static final JobOption<Long> SEED = JobOption.of("seed", Long.class, 42L,
      "fixes data order, choices and dropout");
  public static final JobOption<Integer> CHECKPOINT_EVERY = JobOption.of("checkpoint-every", Integer.class, 50,
      "steps between checkpoints");
  public static final JobOption<Boolean> RESUME = JobOption.flag("resume", "continue from the checkpoint in --out");

  /** All of them, in help order. */
  public static final List<JobOption<?>> ALL = List.of(TRAIN, DATA, COLUMNS, OUT, BASE, HEADS, EPOCHS, BATCH_SIZE, LR, WARMUP,
      WEIGHT_DECAY, MAX_GRAD_NORM, DROPOUT, SEED, CHECKPOINT_EVERY, RESUME);

  private TrainerOptions() {}

  /** The training set of {@code --train}, with {@code --data}. */
  public static TrainingSet trainingSet(JobOptions.Values v) {
    return new TrainingSet(v.get(TRAIN), v.get(DATA), Columns.parse(v.get(COLUMNS)));
  }
}
