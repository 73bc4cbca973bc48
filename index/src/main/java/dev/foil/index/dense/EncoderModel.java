package dev.foil.index.dense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.data.InputFormatException;
import dev.foil.index.io.AtomicFile;
import dev.foil.index.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * A sentence-embedding model on disk: an ONNX file, its {@code tokenizer.json}, and how to turn token
 * states into one vector ({@link Pooling}, L2 normalisation, optional query and passage prefixes).
 *
 * <p>Built-in models come from Maven jars on the class path, so nothing is downloaded at run time;
 * they are copied once into the cache directory ({@code $FOIL_CACHE}, default {@code ~/.cache/foil}):
 *
 * <ul>
 *   <li>{@code minilm}: all-MiniLM-L6-v2 (Reimers and Gurevych, 2019), 384 dimensions;
 *   <li>{@code minilm-q}: its int8-quantised twin;
 *   <li>{@code e5-small-q}: e5-small-v2 int8 (Wang et al., 2022), with {@code query: } and
 *       {@code passage: } prefixes.
 * </ul>
 *
 * Any directory holding {@code model.onnx} and {@code tokenizer.json} is a model too. How it pools,
 * normalises and prefixes comes from the folder itself: a sentence-transformers folder's
 * {@code modules.json} (its {@code Pooling} module's {@code config.json}: mean or CLS; a
 * {@code Normalize} module: L2), {@code config_sentence_transformers.json} ({@code prompts.query},
 * {@code prompts.passage} or {@code prompts.document}) and {@code sentence_bert_config.json}
 * ({@code max_seq_length}); an optional {@code foil-model.json} overrides any of them with
 * {@code pooling}, {@code normalize}, {@code queryPrefix}, {@code passagePrefix} and {@code maxLength}.
 * Without either, mean pooling and L2 normalisation, the sentence-transformers default.
 *
 * @param name short name
 * @param source what {@link #resolve} was given: a built-in name or the model directory (absolute)
 * @param onnx the ONNX graph
 * @param tokenizer the HuggingFace {@code tokenizer.json}
 * @param sha256 hash of the ONNX file, part of every cache key
 * @param queryPrefix prepended to queries
 * @param passagePrefix prepended to passages
 * @param defaultMaxLength tokens per text unless overridden
 * @param pooling how token states become one vector
 * @param normalize whether that vector is divided by its L2 norm
 */
public record EncoderModel(
    String name, String source, Path onnx, Path tokenizer, String sha256, String queryPrefix, String passagePrefix,
    int defaultMaxLength, Pooling pooling, boolean normalize) {

  /** The built-in model names. */
  public static final List<String> BUILT_IN = List.of("minilm", "minilm-q", "e5-small-q");

  /**
   * Resolves a built-in name or a model directory.
   *
   * @throws IllegalArgumentException naming the accepted forms if {@code nameOrDir} is neither
   */
  public static EncoderModel resolve(String nameOrDir) throws IOException {
    return switch (nameOrDir.toLowerCase(Locale.ROOT)) {
      // sentence-transformers truncates all-MiniLM-L6-v2 at 256 word pieces; MTEB scores use that.
      case "minilm" -> builtIn("minilm", "all-minilm-l6-v2", "", "", 256);
      case "minilm-q" -> builtIn("minilm-q", "all-minilm-l6-v2-q", "", "", 256);
      case "e5-small-q" -> builtIn("e5-small-q", "e5-small-v2-q", "query: ", "passage: ", 512);
      default -> directory(Paths.get(nameOrDir));
    };
  }

  private static EncoderModel builtIn(String name, String resource, String qp, String pp, int maxLength)
      throws IOException {
    Path dir = cacheDir().resolve("models").resolve(resource);
    Path onnx = extract(resource + ".onnx", dir.resolve("model.onnx"));
    Path tok = extract(resource + "-tokenizer.json", dir.resolve("tokenizer.json"));
    return new EncoderModel(name, name, onnx, tok, sha256(onnx), qp, pp, maxLength, Pooling.MEAN, true);
  }

  /**
   * A model from explicit files, such as an ONNX graph exported by a trainer; its hash is computed (and
   * cached beside the file).
   */
  public static EncoderModel of(String name, String source, Path onnx, Path tokenizer, String queryPrefix,
      String passagePrefix, int maxLength) throws IOException {
    return new EncoderModel(name, source, onnx, tokenizer, sha256(onnx), queryPrefix, passagePrefix, maxLength,
        Pooling.MEAN, true);
  }

  private static EncoderModel directory(Path dir) throws IOException {
    Path onnx = dir.resolve("model.onnx");
    Path tok = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(onnx) || !Files.isRegularFile(tok)) {
      throw new IllegalArgumentException(
          "unknown model \"" + dir + "\": use one of " + BUILT_IN
              + " or a directory holding model.onnx and tokenizer.json");
    }
    String qp = "";
    String pp = "";
    int maxLength = 512;
    Pooling pooling = Pooling.MEAN;
    boolean normalize = true;
    // sentence-transformers' own description of the model, when the folder is one of its exports
    JsonNode modules = json(dir.resolve("modules.json"));
    if (modules != null) {
      normalize = false;
      for (JsonNode m : modules) {
        String type = m.path("type").asText("");
        if (type.endsWith(".Normalize")) {
          normalize = true;
        } else if (type.endsWith(".Pooling")) {
          Path config = dir.resolve(m.path("path").asText("")).resolve("config.json");
          pooling = stPooling(config, json(config));
        }
      }
    }
    JsonNode prompts = json(dir.resolve("config_sentence_transformers.json"));
    if (prompts != null) {
      qp = prompts.path("prompts").path("query").asText("");
      pp = prompts.path("prompts").path("passage").asText(prompts.path("prompts").path("document").asText(""));
    }
    JsonNode bert = json(dir.resolve("sentence_bert_config.json"));
    if (bert != null) {
      maxLength = bert.path("max_seq_length").asInt(maxLength);
    }
    JsonNode n = json(dir.resolve("foil-model.json"));
    if (n != null) {
      qp = n.path("queryPrefix").asText(qp);
      pp = n.path("passagePrefix").asText(pp);
      maxLength = n.path("maxLength").asInt(maxLength);
      if (n.has("pooling")) {
        pooling = Pooling.parse(n.get("pooling").asText());
      }
      normalize = n.path("normalize").asBoolean(normalize);
    }
    return new EncoderModel(dir.getFileName().toString(), dir.toAbsolutePath().normalize().toString(), onnx, tok,
        sha256(onnx), qp, pp, maxLength, pooling, normalize);
  }

  /** The pooling a sentence-transformers {@code Pooling} config names: mean or CLS, nothing else. */
  private static Pooling stPooling(Path file, JsonNode c) {
    if (c == null) {
      throw new InputFormatException(file, 0, null, "modules.json names a Pooling module without its config.json");
    }
    boolean cls = c.path("pooling_mode_cls_token").asBoolean(false);
    boolean mean = c.path("pooling_mode_mean_tokens").asBoolean(false);
    for (String other : List.of("pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
        "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken")) {
      if (c.path(other).asBoolean(false)) {
        throw new InputFormatException(file, 0, other, "this pooling is not supported: Foil pools by mean or [CLS]");
      }
    }
    if (cls == mean) {
      throw new InputFormatException(file, 0, "pooling_mode_cls_token",
          "expected exactly one of pooling_mode_cls_token and pooling_mode_mean_tokens");
    }
    return cls ? Pooling.CLS : Pooling.MEAN;
  }

  /** The JSON in {@code file}, or {@code null} when there is no such file. */
  private static JsonNode json(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InputFormatException(file, 0, null, "unreadable JSON: " + e.getMessage());
    }
  }

  /**
   * The cache key of passage vectors this model makes at {@code maxLength} with its pooling and
   * normalisation: embedding stores built by it are reused only under the same key.
   */
  public String cacheKey(int maxLength) {
    return name + ":sha256=" + sha256 + ":maxLength=" + maxLength + ":pooling=" + pooling.label() + ":norm="
        + (normalize ? "l2" : "none") + ":passagePrefix=" + passagePrefix;
  }

  /** Where extracted models and other caches live: {@code $FOIL_CACHE} or {@code ~/.cache/foil}. */
  public static Path cacheDir() {
    String env = System.getenv("FOIL_CACHE");
    return env != null && !env.isBlank()
        ? Paths.get(env)
        : Paths.get(System.getProperty("user.home"), ".cache", "foil");
  }

  /** Copies a class-path resource to {@code target} once (atomically); later calls reuse the copy. */
  static Path extract(String resource, Path target) throws IOException {
    if (Files.isRegularFile(target)) {
      return target;
    }
    try (InputStream in = EncoderModel.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "model resource " + resource + " is not on the class path (its langchain4j jar is missing)");
      }
      AtomicFile.writeBytes(target, in::transferTo);
    }
    return target;
  }

  private static String sha256(Path file) throws IOException {
    Path cached = file.resolveSibling(file.getFileName() + ".sha256");
    if (Files.isRegularFile(cached) && Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(file)) >= 0) {
      return Files.readString(cached).strip();
    }
    String hex = Sha256.of(file);
    try {
      AtomicFile.writeText(cached, w -> w.write(hex));
    } catch (IOException e) {
      // A read-only model directory: the hash is recomputed next time.
    }
    return hex;
  }
}
