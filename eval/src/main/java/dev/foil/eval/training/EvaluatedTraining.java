package dev.foil.eval.training;

import dev.foil.eval.recsys.RecsysEvaluation;
import dev.foil.index.ProgressListener;
import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.rankers.biencoder.BiEncoderTraining;
import dev.foil.recsys.train.RecsysMetrics;
import dev.foil.recsys.train.RecsysTraining;
import dev.foil.train.TrainingLoop;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Training with evaluation, as {@code foil train bi-encoder}, {@code foil recsys train} and an
 * experiment's training steps run it: a bi-encoder evaluated after each epoch on a split of its BEIR
 * dataset against its store, a recommender by full ranking of its test (or validation) items.
 */
public final class EvaluatedTraining {
  /** {@code --eval-split} of {@code foil train bi-encoder}. */
  public static final JobOption<String> EVAL_SPLIT = JobOption.of("eval-split", String.class, null,
      "evaluate after each epoch on --data's qrels/NAME.tsv against --store (" + BiEncoderEvaluation.METRICS + ")")
      .label("NAME");
  /** The options of {@code foil train bi-encoder}. */
  public static final JobOptions BI_ENCODER = BiEncoderTraining.OPTIONS.with("foil train bi-encoder",
      List.of(EVAL_SPLIT));
  /** The options of {@code foil recsys train}. */
  public static final JobOptions RECSYS = RecsysTraining.OPTIONS.with("foil recsys train", List.of(RecsysEvaluation.K));

  private EvaluatedTraining() {}

  /**
   * A bi-encoder training and where it is evaluated.
   *
   * @param evalSplit the qrels split of the training set's dataset to evaluate on after each epoch, or
   *     {@code null} for none
   */
  public record BiEncoder(BiEncoderTraining.Job job, String evalSplit) {
    public BiEncoder {
      Objects.requireNonNull(job, "job");
      if (evalSplit != null && (job.examples().dataset() == null || job.store() == null)) {
        throw new IllegalArgumentException("--eval-split needs --data and --store");
      }
    }

    /** The training that {@code values} of {@link #BI_ENCODER} describe. */
    public static BiEncoder of(JobOptions.Values v) {
      return new BiEncoder(BiEncoderTraining.Job.of(v), v.get(EVAL_SPLIT));
    }
  }

  /**
   * A recommender's training and the cut-offs of its evaluation.
   *
   * @param ks the cut-offs K of Recall@K, NDCG@K, …
   */
  public record Recsys(RecsysTraining.Job job, int[] ks) {
    public Recsys {
      Objects.requireNonNull(job, "job");
      ks = RecsysEvaluation.checkCutoffs(ks);
    }

    /** The training that {@code values} of {@link #RECSYS} describe. */
    public static Recsys of(JobOptions.Values v) {
      return new Recsys(RecsysTraining.Job.of(v), v.get(RecsysEvaluation.K));
    }
  }

  /**
   * Trains the bi-encoder of {@code training}.
   *
   * @param warnings receives what evaluation leaves out (queries without judged documents in the store)
   * @param log receives what training starts on, the summary and the final metrics, line by line
   */
  public static TrainingLoop.Result train(BiEncoder training, int threads, ProgressListener progress,
      Consumer<String> warnings, Consumer<String> log) throws IOException {
    BiEncoderTraining.Job job = training.job();
    BiEncoderTraining.Evaluation evaluation = training.evalSplit() == null ? null
        : st -> BiEncoderEvaluation.hooks(job.examples().beir(), training.evalSplit(), st, job.mode(), threads,
            warnings);
    TrainingLoop.Result r = BiEncoderTraining.train(job, evaluation, threads, progress,
        line -> log.accept(line + " from " + job.examples().file()));
    log.accept(r.summary("examples"));
    r.metrics().forEach((k, v) -> log.accept(String.format(Locale.ROOT, "%s %.4f", k, v)));
    log.accept("model written to " + job.out() + " (log: " + job.out().resolve("log.jsonl") + ")");
    return r;
  }

  /**
   * Trains the recommender of {@code training}, evaluating it by full ranking.
   *
   * @param log receives the data's summary, each evaluation and the summary, line by line
   */
  public static RecsysMetrics train(Recsys training, ProgressListener progress, Consumer<String> log)
      throws IOException {
    RecsysTraining.Job job = training.job();
    RecsysMetrics r = RecsysTraining.train(job, d -> new RecsysEvaluation(d.train(), d.test(), training.ks())::evaluate,
        progress, log, (epoch, metrics) -> log.accept("epoch " + epoch + ": " + RecsysEvaluation.format(metrics)));
    log.accept(String.format(Locale.ROOT, "trained %d steps in %.0f s (%.0f interactions/s); model in %s", r.steps(),
        r.seconds(), r.interactionsPerSecond(), job.out().resolve("model")));
    return r;
  }
}
