package dev.foil.rankers.biencoder;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.Encoder;
import java.util.List;

/**
 * A query-side model being trained seen as an {@link Encoder}, for re-mining during training: queries
 * through its tower on the training engine, passages through the frozen encoder that built the store
 * (whose cache key it keeps). Query vectors are kept for the encoder's life — one re-mining round, in
 * which the weights do not change — because pooling asks for each query again when it scores
 * unretrieved candidates. Closing it closes nothing: the trainer owns the model and the frozen encoder.
 */
final class TrainingEncoder implements Encoder {
  private final BiEncoderModel model;
  private final Encoder frozenPassages;
  private final java.util.Map<String, float[]> queries = new java.util.concurrent.ConcurrentHashMap<>();

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
    List<String> missing = texts.stream().filter(t -> !queries.containsKey(t)).distinct().toList();
    int d = dimension();
    if (!missing.isEmpty()) {
      float[] fresh = model.encode(missing, false, 32);
      for (int i = 0; i < missing.size(); i++) {
        queries.put(missing.get(i), java.util.Arrays.copyOfRange(fresh, i * d, (i + 1) * d));
      }
    }
    float[] out = new float[texts.size() * d];
    for (int i = 0; i < texts.size(); i++) {
      System.arraycopy(queries.get(texts.get(i)), 0, out, i * d, d);
    }
    return out;
  }

  @Override
  public float[] encodePassages(List<String> texts, ProgressListener progress) {
    return frozenPassages.encodePassages(texts, progress);
  }

  @Override
  public void close() {}
}
