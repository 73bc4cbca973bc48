package dev.foil.cli;

import ai.djl.ndarray.NDManager;
import dev.foil.eval.recsys.RecsysEvaluation;
import dev.foil.eval.training.EvaluatedTraining;
import dev.foil.index.job.JobOptions;
import dev.foil.recsys.data.InteractionData;
import dev.foil.recsys.data.InteractionInput;
import dev.foil.recsys.model.RecModel;
import dev.foil.recsys.model.RecModels;
import dev.foil.recsys.train.RecsysTraining;
import dev.foil.train.Devices;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code foil recsys}: train and evaluate implicit-feedback recommenders on sampled negatives. */
@Command(name = "recsys", mixinStandardHelpOptions = true,
    description = "Train and evaluate recommendation models (SimpleX, MF-BPR, BPO, NBPO) on sampled negatives.",
    subcommands = {RecsysCommand.Train.class, RecsysCommand.Eval.class})
final class RecsysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code foil recsys train}. */
  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Train a recommender on negatives from an item sampler; evaluates by full ranking after each epoch.",
          "Writes OUT/model (the trained model), OUT/log.jsonl (per step and per epoch) and OUT/metrics.json."})
  static final class Train implements Callable<Integer>, JobFlags.Declared {
    @Spec CommandSpec spec;
    @Mixin RunOptions options;

    @Override
    public JobOptions jobOptions() {
      return EvaluatedTraining.RECSYS;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter w = spec.commandLine().getOut();
      EvaluatedTraining.train(EvaluatedTraining.Recsys.of(JobFlags.values(spec)), options.progress(), line -> {
        w.println(line);
        w.flush();
      });
      return FoilCli.OK;
    }
  }

  /** {@code foil recsys eval}. */
  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = "Evaluate a trained recommender by full ranking: Recall, NDCG, Precision and HitRate at K.")
  static final class Eval implements Callable<Integer>, JobFlags.Declared {
    @Spec CommandSpec spec;
    @Mixin RunOptions options;

    @Override
    public JobOptions jobOptions() {
      return RecsysEvaluation.OPTIONS;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter w = spec.commandLine().getOut();
      JobOptions.Values v = JobFlags.values(spec);
      InteractionData d = new InteractionInput(v.get(RecsysTraining.DATA), v.get(RecsysTraining.RATING_THRESHOLD),
          v.get(RecsysTraining.SPLIT), v.get(RecsysTraining.VALIDATION), v.get(RecsysTraining.NOISE))
          .read(v.get(RecsysEvaluation.SEED));
      try (NDManager manager = NDManager.newBaseManager(Devices.preferred(), Devices.ENGINE);
          RecModel m = RecModels.open(manager, v.get(RecsysEvaluation.MODEL), d.train(), d.sha256())) {
        RecsysEvaluation evaluation = new RecsysEvaluation(d.train(), d.test(), v.get(RecsysEvaluation.K));
        long t0 = System.nanoTime();
        Map<String, Double> metrics = evaluation.evaluate(m, options.progress());
        double secs = (System.nanoTime() - t0) / 1e9;
        w.printf(Locale.ROOT, "%s%nusers evaluated: %d in %.1f s%n%s%n", d.summary(), evaluation.users().length, secs,
            RecsysEvaluation.format(metrics));
      }
      return FoilCli.OK;
    }
  }
}
