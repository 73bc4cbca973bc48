package dev.foil.index.dense;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.foil.index.ProgressListener;
import dev.foil.index.ThreadBudget;
import java.io.IOException;
import java.util.List;

/**
 * A sentence encoder running an ONNX transformer on DJL's OnnxRuntime engine, tokenised by DJL's
 * HuggingFace tokenizers, pooling the last hidden states as the model says ({@link Pooling}: the
 * masked mean, the sentence-transformers recipe, or {@code [CLS]}, BGE's), then L2-normalising unless
 * the model says not to.
 *
 * <p>Texts are sorted by token count and batched, so each batch pads only to its own longest text;
 * OnnxRuntime spreads each batch over {@code threads} cores. Output rows keep the input order.
 */
public final class OnnxEncoder implements Encoder {
  private final EncoderModel model;
  private final int maxLength;
  private final int batchSize;
  private final HuggingFaceTokenizer tokenizer;
  private final ZooModel<NDList, NDList> onnx;
  private final boolean typeIds;
  private final int dimension;

  /**
   * @param model the model files
   * @param maxLength tokens per text including special tokens, ≥ 2
   * @param batchSize texts per OnnxRuntime call, ≥ 1
   * @param threads OnnxRuntime intra-op threads, ≥ 1
   */
  public OnnxEncoder(EncoderModel model, int maxLength, int batchSize, int threads) throws IOException {
    if (maxLength < 2) {
      throw new IllegalArgumentException("illegal maxLength value: " + maxLength + ", must be at least 2");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("illegal batchSize value: " + batchSize + ", must be at least 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("illegal threads value: " + threads + ", must be at least 1");
    }
    this.model = model;
    this.maxLength = maxLength;
    this.batchSize = batchSize;
    this.tokenizer =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(model.tokenizer())
            .optMaxLength(maxLength)
            .optTruncation(true)
            .optPadding(false)
            .optAddSpecialTokens(true)
            .build();
    try {
      this.onnx = OnnxSessions.load(model.onnx(), threads);
    } catch (IOException e) {
      tokenizer.close();
      throw e;
    }
    this.typeIds = OnnxInputs.takesTypeIds(onnx);
    this.dimension = encode(List.of("dimension probe"), "", ProgressListener.NONE).length;
  }

  /** The built-in or directory model {@code nameOrDir} at its default maximum length, {@link ThreadBudget#threads()} threads. */
  public static OnnxEncoder open(String nameOrDir) throws IOException {
    EncoderModel m = EncoderModel.resolve(nameOrDir);
    return new OnnxEncoder(m, m.defaultMaxLength(), 8, ThreadBudget.threads());
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public String source() {
    return model.source();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int maxLength() {
    return maxLength;
  }

  @Override
  public String cacheKey() {
    return model.cacheKey(maxLength);
  }

  @Override
  public String passageInput(String passage) {
    return model.passagePrefix() + passage;
  }

  @Override
  public String queryPrefix() {
    return model.queryPrefix();
  }

  @Override
  public float[] encodeQueries(List<String> texts, ProgressListener progress) {
    return encode(texts, model.queryPrefix(), progress);
  }

  @Override
  public float[] encodePassages(List<String> texts, ProgressListener progress) {
    return encode(texts, model.passagePrefix(), progress);
  }

  /**
   * The tokens the model reads for {@code texts} encoded as passages: with the passage prefix and the
   * special tokens, after truncation, before padding (benchmarks turn texts/s into tokens/s with it).
   */
  public long passageTokens(List<String> texts) {
    long tokens = 0;
    for (String t : texts) {
      tokens += tokenizer.encode(model.passagePrefix() + t).getIds().length;
    }
    return tokens;
  }

  private float[] encode(List<String> texts, String prefix, ProgressListener progress) {
    int n = texts.size();
    progress.start("encode", n, "texts");
    try {
      Encoding[] encodings = new Encoding[n];
      for (int i = 0; i < n; i++) {
        encodings[i] = tokenizer.encode(prefix + texts.get(i));
      }
      // Longest first, so each batch pads to nearly its own length and the first batch sizes memory.
      Integer[] order = OnnxInputs.longestFirst(encodings);
      float[] out = null;
      int d = dimension;
      try (Predictor<NDList, NDList> predictor = onnx.newPredictor()) {
        for (int start = 0; start < n; start += batchSize) {
          int end = Math.min(n, start + batchSize);
          float[][] pooled = encodeBatch(predictor, encodings, order, start, end);
          if (out == null) {
            d = pooled[0].length;
            out = new float[n * d];
          }
          for (int j = start; j < end; j++) {
            System.arraycopy(pooled[j - start], 0, out, order[j] * d, d);
          }
          progress.advance(end - start);
        }
      }
      return out == null ? new float[0] : out;
    } finally {
      progress.finish();
    }
  }

  private float[][] encodeBatch(Predictor<NDList, NDList> predictor, Encoding[] enc, Integer[] order, int start, int end) {
    int b = end - start;
    try (NDManager m = onnx.getNDManager().newSubManager()) {
      OnnxInputs.Batch batch = OnnxInputs.batch(m, enc, order, start, end, typeIds);
      NDList output = predictor.predict(batch.inputs());
      NDArray hidden = output.contains("last_hidden_state") ? output.get("last_hidden_state") : output.get(0);
      float[] h = hidden.toFloatArray();
      int d = (int) hidden.getShape().get(2);
      return model.pooling().pool(h, batch.mask(), b, batch.tokens(), d, model.normalize());
    } catch (TranslateException e) {
      throw new IllegalStateException("OnnxRuntime failed on a batch of " + b + " texts: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    onnx.close();
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "OnnxEncoder[" + model.name() + ", maxLength=" + maxLength + ", batch=" + batchSize + "]";
  }
}
