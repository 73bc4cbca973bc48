package dev.foil.rankers.rerank;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EncoderModel;
import dev.foil.samplers.format.TrainingExample;
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

  /**
   * What to train.
   *
   * @param maxLength tokens per query–passage pair
   */
  public record Job(List<TrainingExample> examples, EncoderModel base, int heads, int maxLength,
      RerankerSettings settings, Path out, boolean resume) {
    public Job {
      Objects.requireNonNull(examples, "examples");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(out, "out");
    }
  }

  /**
   * Trains {@code job}, writing the model, {@code log.jsonl} and checkpoints under {@code job.out()}.
   *
   * @param log receives one line when training starts (examples, model, device)
   */
  public static TrainingLoop.Result train(Job job, ProgressListener progress, Consumer<String> log) throws IOException {
    try (CrossEncoderModel model = CrossEncoderModel.create(job.base(), job.heads(), job.maxLength(),
        job.settings().seed(), Devices.preferred())) {
      log.accept(String.format(Locale.ROOT, "training reranker on %,d examples (%s, maxLength %d, device %s)",
          job.examples().size(), job.base().name(), job.maxLength(), model.encoder().manager().getDevice()));
      return new RerankerTrainer(model, job.settings()).train(job.examples(), job.out(), job.resume(), progress,
          m -> Map.of());
    }
  }
}
