package dev.foil.rankers.biencoder;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.OnnxEncoder;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.source.Bm25Source;
import dev.foil.samplers.format.TrainingExample;
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

  /**
   * What to train.
   *
   * @param base the pretrained model to start from
   * @param store the corpus's embedding store by the base model: fixed passage vectors (query-side) and
   *     evaluation; may be {@code null} in full mode without evaluation
   * @param passageMaxLength passage tokens when there is no store (else the store's)
   * @param remining re-mine every {@code settings.refreshEvery()} steps, or {@code null}
   */
  public record Job(List<TrainingExample> examples, EncoderModel base, BiEncoderModel.Mode mode, int heads,
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
      if (settings.refreshEvery() > 0 && (remining == null || store == null || mode != BiEncoderModel.Mode.QUERY_SIDE)) {
        throw new IllegalArgumentException("--refresh-every needs --mode query-side, --store and --index");
      }
    }
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
    try (EmbeddingStore st = job.store() == null ? null : EmbeddingStore.open(job.store());
        OnnxEncoder frozen = new OnnxEncoder(job.base(), st == null ? job.passageMaxLength() : st.manifest().maxLength(),
            8, threads);
        BiEncoderModel model = BiEncoderModel.create(job.base(), m, job.heads(), job.queryMaxLength(),
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
          job.examples().size(), job.base().name(), model.queryTower().manager().getDevice()));
      return new BiEncoderTrainer(model, job.settings(), fixed).train(job.examples(), job.out(), job.resume(), progress,
          hooks);
    }
  }
}
