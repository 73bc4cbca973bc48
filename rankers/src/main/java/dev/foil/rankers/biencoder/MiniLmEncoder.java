package dev.foil.rankers.biencoder;

import dev.foil.index.ProgressListener;
import dev.foil.index.dense.Encoder;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.OnnxEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained bi-encoder behind the {@link Encoder} interface, so that {@code foil encode}, {@code foil
 * search --dense} and mining use it like any built-in model. It runs the ONNX graphs the trainer
 * exported on OnnxRuntime. A query-side model encodes passages with its pretrained base and keeps the
 * base's cache key, so stores built by the base stay valid; a fully fine-tuned model encodes both sides
 * with its own weights and has a key of its own.
 */
public final class MiniLmEncoder implements Encoder {
  private final Path dir;
  private final OnnxEncoder queries;
  private final OnnxEncoder passages;

  private MiniLmEncoder(Path dir, OnnxEncoder queries, OnnxEncoder passages) {
    this.dir = dir;
    this.queries = queries;
    this.passages = passages;
  }

  /** Opens the model directory {@code dir} written by {@link BiEncoderModel#save}. */
  public static MiniLmEncoder open(Path dir, int batchSize, int threads) throws IOException {
    BiEncoderModel.Descriptor d = BiEncoderModel.Descriptor.read(dir);
    Path abs = dir.toAbsolutePath().normalize();
    EncoderModel trained = EncoderModel.of(abs.getFileName().toString(), abs.toString(), abs.resolve(d.onnxFile()),
        abs.resolve("tokenizer.json"), d.base().queryPrefix(), d.base().passagePrefix(), d.passageMaxLength());
    OnnxEncoder q = new OnnxEncoder(trained, d.queryMaxLength(), batchSize, threads);
    try {
      OnnxEncoder p = new OnnxEncoder(d.mode() == BiEncoderModel.Mode.FULL ? trained : d.base(), d.passageMaxLength(),
          batchSize, threads);
      return new MiniLmEncoder(abs, q, p);
    } catch (IOException | RuntimeException e) {
      q.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return dir.getFileName().toString();
  }

  @Override
  public String source() {
    return dir.toString();
  }

  @Override
  public int dimension() {
    return queries.dimension();
  }

  @Override
  public int maxLength() {
    return passages.maxLength();
  }

  @Override
  public String cacheKey() {
    return passages.cacheKey();
  }

  @Override
  public String passageInput(String passage) {
    return passages.passageInput(passage);
  }

  @Override
  public String queryPrefix() {
    return queries.queryPrefix();
  }

  @Override
  public float[] encodeQueries(List<String> texts, ProgressListener progress) {
    return queries.encodeQueries(texts, progress);
  }

  @Override
  public float[] encodePassages(List<String> texts, ProgressListener progress) {
    return passages.encodePassages(texts, progress);
  }

  @Override
  public void close() {
    queries.close();
    passages.close();
  }
}
