package dev.foil.cli;

import dev.foil.index.data.BeirDataset;
import dev.foil.samplers.format.TrainingExample;
import dev.foil.samplers.format.TrainingSetReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every {@code foil train} model shares: data, output, optimiser and schedule. */
final class TrainOptions {
  @Option(names = "--train", required = true, paramLabel = "FILE",
      description = "training set from `foil mine` (bge, tevatron, st-triplet, st-ntuple or ids)")
  Path train;

  @Option(names = "--data", paramLabel = "DIR",
      description = "the BEIR dataset the training set came from: texts for the ids layout, queries and qrels for evaluation")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "model directory to write")
  Path out;

  @Option(names = "--base", defaultValue = "minilm", description = "pretrained model to start from (default: ${DEFAULT-VALUE})")
  String base;

  @Option(names = "--heads", defaultValue = "12", description = "attention heads of the base model (default: ${DEFAULT-VALUE})")
  int heads;

  @Option(names = "--epochs", defaultValue = "2", description = "passes over the training set (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "queries per step (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "2e-5", description = "peak learning rate (default: ${DEFAULT-VALUE})")
  float lr;

  @Option(names = "--warmup", defaultValue = "0.1", description = "fraction of steps warming up (default: ${DEFAULT-VALUE})")
  float warmup;

  @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay (default: ${DEFAULT-VALUE})")
  float weightDecay;

  @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "gradient-norm clip, 0 for none (default: ${DEFAULT-VALUE})")
  float maxGradNorm;

  @Option(names = "--dropout", defaultValue = "0.1", description = "dropout while training (default: ${DEFAULT-VALUE})")
  float dropout;

  @Option(names = "--seed", defaultValue = "42", description = "fixes data order, choices and dropout (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--checkpoint-every", defaultValue = "50", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(names = "--resume", description = "continue from the checkpoint in --out")
  boolean resume;

  /** The BEIR dataset of {@code --data}, or {@code null}. */
  BeirDataset dataset() {
    return data == null ? null : BeirDataset.at(data);
  }

  /** The examples of {@code --train}, texts resolved against {@code --data} where the layout holds ids. */
  List<TrainingExample> examples() throws IOException {
    return TrainingSetReader.read(train, dataset());
  }
}
