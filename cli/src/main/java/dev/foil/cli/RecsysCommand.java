package dev.foil.cli;

import ai.djl.ndarray.NDManager;
import dev.foil.eval.recsys.RecsysEvaluation;
import dev.foil.recsys.data.InteractionData;
import dev.foil.recsys.data.InteractionFormats;
import dev.foil.recsys.data.Split;
import dev.foil.recsys.model.ModelSettings;
import dev.foil.recsys.model.RecModel;
import dev.foil.recsys.model.RecModels;
import dev.foil.recsys.train.RecsysMetrics;
import dev.foil.recsys.train.RecsysTraining;
import dev.foil.recsys.train.TrainSettings;
import dev.foil.samplers.items.ItemSamplers;
import dev.foil.train.Devices;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  /** Where the data is and how a single log is split. */
  static final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "PATH",
        description = "LightGCN directory (train.txt, test.txt), MovieLens u.data (or its directory), or a CSV of user,item[,timestamp]")
    Path data;

    @Option(names = "--rating-threshold", defaultValue = "4", paramLabel = "R",
        description = "MovieLens: lowest rating that counts as an interaction (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--split", defaultValue = "random:0.2", paramLabel = "SPLIT",
        description = "MovieLens/CSV: random:FRACTION[:SEED] or leave-one-out (default: ${DEFAULT-VALUE}; seed defaults to --seed)")
    String split;

    @Option(names = "--validation", paramLabel = "SPLIT",
        description = "tune without the test set: hold out random:FRACTION[:SEED] of each user's training interactions "
            + "and train on the rest and evaluate on them instead (seed defaults to --seed)")
    String validation;

    InteractionData read(long seed) throws java.io.IOException {
      InteractionData d = InteractionFormats.open(data, threshold, Split.parse(split, seed));
      return validation == null ? d : d.validation(Split.parse(validation, seed));
    }
  }

  /** {@code foil recsys train}. */
  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Train a recommender on negatives from an item sampler; evaluates by full ranking after each epoch.",
          "Writes OUT/model (the trained model), OUT/log.jsonl (per step and per epoch) and OUT/metrics.json."})
  static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;

    @Option(names = "--model", defaultValue = "simplex", description = "simplex, mf-bpr, bpo or nbpo (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--sampler", paramLabel = "SPEC",
        description = "item sampler: uniform, popularity(alpha=0.75), dns(candidates=8), large-ratio(shared=true), nbpo "
            + "(default: large-ratio(shared=true) for simplex, nbpo for nbpo, uniform otherwise)")
    String sampler;

    @Option(names = "--negatives", paramLabel = "N", description = "negatives per positive (default: 1000 for simplex, 1 otherwise)")
    Integer negatives;

    @Option(names = "--epochs", defaultValue = "10", description = "default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "512", description = "pairs per step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "peak AdamW rate (default: 1e-3)")
    Float lr;

    @Option(names = "--dim", defaultValue = "64", description = "embedding dimension (default: ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--reg", paramLabel = "LAMBDA", description = "L2 on batch embeddings (default: 0 for simplex, 1e-4 otherwise)")
    Float reg;

    @Option(names = "--margin", defaultValue = "0.9", description = "SimpleX margin m (default: ${DEFAULT-VALUE})")
    float margin;

    @Option(names = "--negative-weight", defaultValue = "250", description = "SimpleX negative weight w (default: ${DEFAULT-VALUE})")
    float negativeWeight;

    @Option(names = "--gamma", defaultValue = "0.8", description = "SimpleX mixing weight γ (default: ${DEFAULT-VALUE})")
    float gamma;

    @Option(names = "--history", defaultValue = "100", description = "SimpleX: history items aggregated per user (default: ${DEFAULT-VALUE})")
    int history;

    @Option(names = "--dropout", defaultValue = "0.1", description = "SimpleX: dropout on the user vector (default: ${DEFAULT-VALUE})")
    float dropout;

    @Option(names = "--leave-target-out",
        description = "SimpleX: leave each training pair's own item out of its user's history aggregate")
    boolean leaveTargetOut;

    @Option(names = "--flip-rank", defaultValue = "8", description = "NBPO: rank of the flip-rate factors (default: ${DEFAULT-VALUE})")
    int flipRank;

    @Option(names = "--seed", defaultValue = "42", description = "default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--max-steps-per-epoch", defaultValue = "0", paramLabel = "N", description = "cap steps per epoch (0: all)")
    int maxSteps;

    @Option(names = "--eval-every", defaultValue = "1", paramLabel = "EPOCHS",
        description = "evaluate every EPOCHS epochs and after the last (0: only after the last)")
    int evalEvery;

    @Option(names = "--k", defaultValue = "20", split = ",", description = "cut-offs (default: ${DEFAULT-VALUE})")
    int[] ks;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--resume", description = "continue from OUT's checkpoint")
    boolean resume;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      PrintWriter w = spec.commandLine().getOut();
      ModelSettings ms = new ModelSettings(model, dim, reg != null ? reg : ModelSettings.defaults(model).regularization(),
          margin, negativeWeight, gamma, history, dropout, flipRank, seed, leaveTargetOut);
      String samplerSpec = sampler != null ? sampler : TrainSettings.defaultSampler(model);
      ItemSamplers.parse(samplerSpec); // fail fast on a bad spec
      TrainSettings ts = new TrainSettings(epochs, batchSize, lr != null ? lr : TrainSettings.LEARNING_RATE,
          negatives != null ? negatives : TrainSettings.defaultNegatives(model), samplerSpec, seed, maxSteps);
      InteractionData d = data.read(seed);
      w.println(d.summary());
      w.flush();
      RecsysEvaluation evaluation = new RecsysEvaluation(d.train(), d.test(), ks);
      RecsysMetrics r = RecsysTraining.train(new RecsysTraining.Job(d, ms, ts, evalEvery, out, resume),
          evaluation::evaluate, options.progress(), (epoch, metrics) -> {
            w.printf(Locale.ROOT, "epoch %d: %s%n", epoch, format(metrics));
            w.flush();
          });
      w.printf(Locale.ROOT, "trained %d steps in %.0f s (%.0f interactions/s); model in %s%n", r.steps(), r.seconds(),
          r.interactionsPerSecond(), out.resolve("model"));
      return FoilCli.OK;
    }
  }

  /** {@code foil recsys eval}. */
  @Command(name = "eval", mixinStandardHelpOptions = true,
      description = "Evaluate a trained recommender by full ranking: Recall, NDCG, Precision and HitRate at K.")
  static final class Eval implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory (OUT/model of recsys train)")
    Path model;

    @Option(names = "--seed", defaultValue = "42", description = "seed of a random split (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--k", defaultValue = "20", split = ",", description = "cut-offs (default: ${DEFAULT-VALUE})")
    int[] ks;

    @Mixin RunOptions options;

    @Override
    public Integer call() throws Exception {
      PrintWriter w = spec.commandLine().getOut();
      InteractionData d = data.read(seed);
      try (NDManager manager = NDManager.newBaseManager(Devices.preferred(), Devices.ENGINE);
          RecModel m = RecModels.open(manager, model, d.train(), d.sha256())) {
        RecsysEvaluation evaluation = new RecsysEvaluation(d.train(), d.test(), ks);
        long t0 = System.nanoTime();
        Map<String, Double> metrics = evaluation.evaluate(m, options.progress());
        double secs = (System.nanoTime() - t0) / 1e9;
        w.printf(Locale.ROOT, "%s%nusers evaluated: %d in %.1f s%n%s%n", d.summary(), evaluation.users().length, secs,
            format(metrics));
      }
      return FoilCli.OK;
    }
  }

  static String format(Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder();
    metrics.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "  ").append(k).append(' ')
        .append(String.format(Locale.ROOT, v == Math.rint(v) && v >= 1 ? "%.0f" : "%.4f", v)));
    return sb.toString();
  }
}
