package dev.foil.index.dense;

import dev.foil.index.ProgressListener;
import java.util.List;

/**
 * Turns texts into unit-length vectors for inner-product search. Queries and passages are encoded
 * separately because some models mark them differently (e5's {@code query: } and {@code passage: }
 * prefixes). Implementations are thread-safe.
 */
public interface Encoder extends AutoCloseable {

  /** The model's short name, such as {@code minilm}. */
  String name();

  /** What {@link EncoderModel#resolve} takes to find this model again: a built-in name or a directory. */
  String source();

  /** Length of every vector. */
  int dimension();

  /** Maximum number of tokens per text, special tokens included; longer texts are truncated. */
  int maxLength();

  /**
   * Identifies everything that decides a passage vector besides the text: model bytes, pooling,
   * prefixes and maximum length. Embedding stores are keyed by it, so an encoder whose query side was
   * fine-tuned against a fixed passage side keeps the passage side's key and its stores stay valid.
   */
  String cacheKey();

  /** The text exactly as the model sees a passage (prefix included); cache entries hash this. */
  String passageInput(String passage);

  /** What is prepended to every query (an instruction such as {@code query: }), or an empty string. */
  default String queryPrefix() {
    return "";
  }

  /**
   * Encodes queries.
   *
   * @return {@code texts.size() × dimension()} floats, row-major, each row of unit length
   */
  float[] encodeQueries(List<String> texts, ProgressListener progress);

  /**
   * Encodes passages.
   *
   * @return {@code texts.size() × dimension()} floats, row-major, each row of unit length
   */
  float[] encodePassages(List<String> texts, ProgressListener progress);

  @Override
  void close();
}
