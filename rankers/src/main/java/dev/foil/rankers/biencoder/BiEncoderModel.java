package dev.foil.rankers.biencoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.index.dense.EncoderModel;
import dev.foil.rankers.model.MiniLm;
import dev.foil.rankers.model.ModelDirectory;
import dev.foil.rankers.model.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A bi-encoder being trained or trained already: a query tower and a passage tower over one pretrained
 * MiniLM. In {@link Mode#FULL} both towers are one shared model (the sentence-transformers recipe); in
 * {@link Mode#QUERY_SIDE} only the query tower trains and passages keep the pretrained model's vectors,
 * so an existing embedding store and index stay valid.
 *
 * <p>On disk a model is a directory: {@code foil-model.json}, {@code tokenizer.json} and the trained
 * weights ({@code query.params}, or {@code encoder.params} when shared).
 */
public final class BiEncoderModel implements AutoCloseable {
  /** The {@code format} of {@code foil-model.json}. */
  public static final String FORMAT = "foil-minilm-bi-encoder";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Which towers train. */
  public enum Mode {
    FULL, QUERY_SIDE;

    /** Parses {@code full} or {@code query-side}. */
    public static Mode parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "full" -> FULL;
        case "query-side", "query" -> QUERY_SIDE;
        default -> throw new IllegalArgumentException("unknown mode \"" + s + "\": use full or query-side");
      };
    }

    /** The name {@link #parse} reads. */
    public String label() {
      return this == FULL ? "full" : "query-side";
    }
  }

  private final EncoderModel base;
  private final Mode mode;
  private final MiniLm queryTower;
  private final Tokenizer queryTokenizer;
  private final Tokenizer passageTokenizer;
  private final int heads;

  private BiEncoderModel(EncoderModel base, Mode mode, MiniLm queryTower, int heads, int queryMaxLength,
      int passageMaxLength) throws IOException {
    this.base = base;
    this.mode = mode;
    this.queryTower = queryTower;
    this.heads = heads;
    this.queryTokenizer = new Tokenizer(base.tokenizer(), queryMaxLength);
    this.passageTokenizer = new Tokenizer(base.tokenizer(), passageMaxLength);
  }

  /**
   * A fresh model initialised from the pretrained ONNX weights of {@code base}.
   *
   * @param heads attention heads of the base model
   */
  public static BiEncoderModel create(EncoderModel base, Mode mode, int heads, int queryMaxLength,
      int passageMaxLength, Device device) throws IOException {
    return new BiEncoderModel(base, mode, MiniLm.fromOnnx(base.onnx(), heads, device), heads, queryMaxLength,
        passageMaxLength);
  }

  /** Whether {@code dir} holds a model written by {@link #save}. */
  public static boolean isModelDir(Path dir) {
    return ModelDirectory.hasFormat(dir, FORMAT);
  }

  /**
   * What {@code foil-model.json} records.
   *
   * @param base the pretrained model both towers started from
   * @param onnxFile the exported ONNX graph of the trained tower, relative to the directory
   */
  public record Descriptor(EncoderModel base, Mode mode, int heads, int queryMaxLength, int passageMaxLength,
      String onnxFile) {
    /** Reads and checks {@code dir/foil-model.json}. */
    public static Descriptor read(Path dir) throws IOException {
      JsonNode n = ModelDirectory.read(dir, FORMAT);
      EncoderModel base = ModelDirectory.base(dir, n);
      return new Descriptor(base, Mode.parse(n.path("mode").asText()), n.path("heads").asInt(12),
          n.path("queryMaxLength").asInt(), n.path("passageMaxLength").asInt(), n.path("onnx").asText());
    }
  }

  /**
   * Writes the model directory: the trained weights, the same weights exported into the base's ONNX
   * graph (what inference runs), the tokenizer, and the descriptor last.
   */
  public void save(Path dir) throws IOException {
    ModelDirectory.beginSave(dir);
    String stem = mode == Mode.FULL ? "encoder" : "query";
    queryTower.save(dir.resolve(stem + ".params"));
    queryTower.exportOnnx(base.onnx(), dir.resolve(stem + ".onnx"));
    Files.copy(base.tokenizer(), dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ObjectNode n = JSON.createObjectNode();
    n.put("format", FORMAT).put("base", base.source()).put("baseSha256", base.sha256()).put("mode", mode.label())
        .put("heads", heads).put("queryMaxLength", queryTokenizer.maxLength())
        .put("passageMaxLength", passageTokenizer.maxLength()).put("onnx", stem + ".onnx");
    ModelDirectory.finishSave(dir, n);
  }

  public EncoderModel base() {
    return base;
  }

  public Mode mode() {
    return mode;
  }

  /** The trained tower: queries always, passages too when {@link Mode#FULL}. */
  public MiniLm queryTower() {
    return queryTower;
  }

  public Tokenizer queryTokenizer() {
    return queryTokenizer;
  }

  public Tokenizer passageTokenizer() {
    return passageTokenizer;
  }

  /**
   * Encodes texts with the trained tower, without gradients, in batches.
   *
   * @param passages whether the texts are passages (base prefix, passage length) or queries
   * @return {@code texts.size() × hidden} unit vectors, row-major
   */
  public float[] encode(List<String> texts, boolean passages, int batchSize) {
    return encode(queryTower, texts, passages, batchSize);
  }

  /**
   * Encodes texts as {@link #encode(List, boolean, int)} does, with another tower of this model's shape
   * (a momentum copy of the trained one).
   */
  public float[] encode(MiniLm tower, List<String> texts, boolean passages, int batchSize) {
    Tokenizer tok = passages ? passageTokenizer : queryTokenizer;
    String prefix = passages ? base.passagePrefix() : base.queryPrefix();
    int d = tower.hidden();
    float[] out = new float[texts.size() * d];
    NDManager parent = tower.manager();
    for (int start = 0; start < texts.size(); start += batchSize) {
      int end = Math.min(texts.size(), start + batchSize);
      try (NDScope scope = new NDScope(); NDManager m = parent.newSubManager()) {
        List<String> batch = texts.subList(start, end).stream().map(t -> prefix + t).toList();
        NDArray e = tower.sentenceEmbedding(tok.batch(m, batch), 0f, false);
        System.arraycopy(e.toFloatArray(), 0, out, start * d, (end - start) * d);
      }
    }
    return out;
  }

  @Override
  public void close() {
    queryTower.close();
    queryTokenizer.close();
    passageTokenizer.close();
  }
}
