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
import dev.foil.index.WorkerPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sentence encoder running an ONNX transformer on DJL's OnnxRuntime engine, tokenised by DJL's
 * HuggingFace tokenizers, pooling the last hidden states as the model says ({@link Pooling}: the
 * masked mean, the sentence-transformers recipe, or {@code [CLS]}, BGE's), then L2-normalising unless
 * the model says not to.
 *
 * <p>Texts are sorted by token count and batched, so each batch pads only to its own longest text.
 * A call of one batch (a query, say) spreads it over {@code threads} cores; a call of several runs
 * {@code threads} batches side by side, each on one core in a second, single-threaded session loaded on
 * first use: MiniLM's small matrices keep one core busier than a share of two, so this is 12–20 %
 * faster (docs/BENCHMARKS.md), and each batch's vectors come from the same single-threaded kernels
 * whatever {@code threads} is. Output rows keep the input order.
 */
public final class OnnxEncoder implements Encoder {
  private final EncoderModel model;
  private final int maxLength;
  private final int batchSize;
  private final HuggingFaceTokenizer tokenizer;
  private final ZooModel<NDList, NDList> onnx;
  private final boolean typeIds;
  private final int dimension;
  private final int threads;
  private ZooModel<NDList, NDList> singleThreaded; // guarded by this; loaded on the first call of several batches

  /**
   * @param model the model files
   * @param maxLength tokens per text including special tokens, ≥ 2
   * @param batchSize texts per OnnxRuntime call, ≥ 1
   * @param threads cores one call may use, ≥ 1: OnnxRuntime's intra-op threads for a single batch,
   *     batches side by side for more
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
    this.threads = threads;
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
      int batches = (n + batchSize - 1) / batchSize;
      if (threads > 1 && batches > 1 && dimension > 0) {
        return sideBySide(encodings, order, batches, progress);
      }
      try (Predictor<NDList, NDList> predictor = onnx.newPredictor()) {
        for (int start = 0; start < n; start += batchSize) {
          int end = Math.min(n, start + batchSize);
          float[][] pooled = encodeBatch(onnx, predictor, encodings, order, start, end);
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

  /**
   * The {@code batches} batches of {@code order} encoded by up to {@code threads} workers, each taking the
   * next batch (longest first) on its own predictor of the single-threaded session; the first failure
   * stops the others.
   */
  private float[] sideBySide(Encoding[] encodings, Integer[] order, int batches, ProgressListener progress) {
    ZooModel<NDList, NDList> session = singleThreaded();
    int workers = Math.min(threads, batches);
    int n = order.length;
    int d = dimension;
    float[] out = new float[n * d];
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> running = new ArrayList<>(workers);
    try (WorkerPool pool = new WorkerPool("foil-encode", workers)) {
      for (int w = 0; w < workers; w++) {
        running.add(pool.submit(() -> {
          try (Predictor<NDList, NDList> predictor = session.newPredictor()) {
            for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
              int start = b * batchSize;
              int end = Math.min(n, start + batchSize);
              float[][] pooled = encodeBatch(session, predictor, encodings, order, start, end);
              for (int j = start; j < end; j++) {
                System.arraycopy(pooled[j - start], 0, out, order[j] * d, d);
              }
              progress.advance(end - start); // listeners are thread-safe (ProgressListener)
            }
          } catch (RuntimeException | Error e) {
            next.set(batches);
            throw e;
          }
          return null;
        }));
      }
      try {
        for (Future<Void> f : running) {
          WorkerPool.await(f);
        }
      } catch (IOException | RuntimeException | Error e) {
        next.set(batches); // the others stop after their current batch, before the pool's close waits for them
        throw e;
      }
    } catch (IOException e) { // only an interrupt while waiting: the tasks throw no checked exception
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The session with one intra-op thread, loaded on first use. */
  private synchronized ZooModel<NDList, NDList> singleThreaded() {
    if (singleThreaded == null) {
      try {
        singleThreaded = OnnxSessions.load(model.onnx(), 1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return singleThreaded;
  }

  private float[][] encodeBatch(
      ZooModel<NDList, NDList> session, Predictor<NDList, NDList> predictor, Encoding[] enc, Integer[] order,
      int start, int end) {
    int b = end - start;
    try (NDManager m = session.getNDManager().newSubManager()) {
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
    synchronized (this) {
      if (singleThreaded != null) {
        singleThreaded.close();
      }
    }
    onnx.close();
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "OnnxEncoder[" + model.name() + ", maxLength=" + maxLength + ", batch=" + batchSize + "]";
  }
}
