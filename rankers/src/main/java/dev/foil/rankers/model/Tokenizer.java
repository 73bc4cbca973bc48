package dev.foil.rankers.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A HuggingFace word-piece tokenizer with a fixed maximum length, for single texts (bi-encoder towers)
 * and for query–passage pairs (cross-encoder: {@code [CLS] query [SEP] passage [SEP]}, only the passage
 * truncated). Thread-safe.
 */
public final class Tokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer single;
  private final HuggingFaceTokenizer pairs;
  private final int maxLength;

  /** Loads {@code tokenizer.json}; texts longer than {@code maxLength} tokens (specials included) are cut. */
  public Tokenizer(Path tokenizerJson, int maxLength) throws IOException {
    if (maxLength < 4) {
      throw new IllegalArgumentException("illegal maxLength value: " + maxLength + ", must be at least 4");
    }
    this.maxLength = maxLength;
    this.single = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optMaxLength(maxLength)
        .optTruncation(true).optPadding(false).optAddSpecialTokens(true).build();
    this.pairs = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optMaxLength(maxLength)
        .optTruncateSecondOnly().optPadding(false).optAddSpecialTokens(true).build();
  }

  /** Tokens per text, special tokens included. */
  public int maxLength() {
    return maxLength;
  }

  /** Single texts. */
  public Encoding[] encode(List<String> texts) {
    Encoding[] out = new Encoding[texts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = single.encode(texts.get(i));
    }
    return out;
  }

  /** Query–passage pairs, {@code queries.get(i)} with {@code passages.get(i)}. */
  public Encoding[] encodePairs(List<String> queries, List<String> passages) {
    if (queries.size() != passages.size()) {
      throw new IllegalArgumentException(queries.size() + " queries but " + passages.size() + " passages");
    }
    Encoding[] out = new Encoding[queries.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pairs.encode(queries.get(i), passages.get(i));
    }
    return out;
  }

  /** Tokenises and pads single texts into a batch. */
  public TokenBatch batch(NDManager manager, List<String> texts) {
    return TokenBatch.of(manager, encode(texts));
  }

  /** Tokenises and pads pairs into a batch. */
  public TokenBatch pairBatch(NDManager manager, List<String> queries, List<String> passages) {
    return TokenBatch.of(manager, encodePairs(queries, passages));
  }

  @Override
  public void close() {
    single.close();
    pairs.close();
  }
}
