package dev.foil.rankers.biencoder;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.Encoder;
import java.util.List;

/**
 * A query-side model being trained seen as an {@link Encoder}, for re-mining during training: queries
 * through its tower on the training engine, passages through the frozen encoder that built the store
 * (whose cache key it keeps). Closing it closes nothing: the trainer owns both.
 */
final class TrainingEncoder implements Encoder {
  private final BiEncoderModel model;
  private final Encoder frozenPassages;

  /**
   * @param frozenPassages the base encoder that built the store, used for passages in query-side mode
   */
  TrainingEncoder(BiEncoderModel model, Encoder frozenPassages) {
    this.model = model;
    this.frozenPassages = frozenPassages;
  }

  @Override
  public String name() {
    return "training:" + frozenPassages.name();
  }

  @Override
  public String source() {
    return frozenPassages.source();
  }

  @Override
  public int dimension() {
    return model.queryTower().hidden();
  }

  @Override
  public int maxLength() {
    return model.passageTokenizer().maxLength();
  }

  @Override
  public String cacheKey() {
    return frozenPassages.cacheKey();
  }

  @Override
  public String passageInput(String passage) {
    return frozenPassages.passageInput(passage);
  }

  @Override
  public float[] encodeQueries(List<String> texts, ProgressListener progress) {
    return model.encode(texts, false, 32);
  }

  @Override
  public float[] encodePassages(List<String> texts, ProgressListener progress) {
    return frozenPassages.encodePassages(texts, progress);
  }

  @Override
  public void close() {}
}
