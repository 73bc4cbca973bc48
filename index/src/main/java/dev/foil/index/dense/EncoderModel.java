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
 * states into one vector (mean pooling, L2 normalisation, optional query and passage prefixes).
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
 * Any directory holding {@code model.onnx} and {@code tokenizer.json} is a model too; an optional
 * {@code foil-model.json} there sets {@code queryPrefix}, {@code passagePrefix} and {@code maxLength}.
 *
 * @param name short name
 * @param source what {@link #resolve} was given: a built-in name or the model directory (absolute)
 * @param onnx the ONNX graph
 * @param tokenizer the HuggingFace {@code tokenizer.json}
 * @param sha256 hash of the ONNX file, part of every cache key
 * @param queryPrefix prepended to queries
 * @param passagePrefix prepended to passages
 * @param defaultMaxLength tokens per text unless overridden
 */
public record EncoderModel(
    String name, String source, Path onnx, Path tokenizer, String sha256, String queryPrefix, String passagePrefix,
    int defaultMaxLength) {

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
    return new EncoderModel(name, name, onnx, tok, sha256(onnx), qp, pp, maxLength);
  }

  /**
   * A model from explicit files, such as an ONNX graph exported by a trainer; its hash is computed (and
   * cached beside the file).
   */
  public static EncoderModel of(String name, String source, Path onnx, Path tokenizer, String queryPrefix,
      String passagePrefix, int maxLength) throws IOException {
    return new EncoderModel(name, source, onnx, tokenizer, sha256(onnx), queryPrefix, passagePrefix, maxLength);
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
    Path conf = dir.resolve("foil-model.json");
    if (Files.isRegularFile(conf)) {
      JsonNode n;
      try {
        n = new ObjectMapper().readTree(conf.toFile());
      } catch (IOException e) {
        throw new InputFormatException(conf, 0, null, "unreadable JSON: " + e.getMessage());
      }
      qp = n.path("queryPrefix").asText("");
      pp = n.path("passagePrefix").asText("");
      maxLength = n.path("maxLength").asInt(512);
    }
    return new EncoderModel(dir.getFileName().toString(), dir.toAbsolutePath().normalize().toString(), onnx, tok,
        sha256(onnx), qp, pp, maxLength);
  }

  /**
   * The cache key of passage vectors this model makes at {@code maxLength} with mean pooling and L2
   * normalisation: embedding stores built by it are reused only under the same key.
   */
  public String cacheKey(int maxLength) {
    return name + ":sha256=" + sha256 + ":maxLength=" + maxLength + ":pooling=mean:norm=l2"
        + ":passagePrefix=" + passagePrefix;
  }

  /** Where extracted models and other caches live: {@code $FOIL_CACHE} or {@code ~/.cache/foil}. */
  public static Path cacheDir() {
    String env = System.getenv("FOIL_CACHE");
    return env != null && !env.isBlank()
        ? Paths.get(env)
        : Paths.get(System.getProperty("user.home"), ".cache", "foil");
  }

  /** Copies a class-path resource to {@code target} once (atomically); later calls reuse the copy. */
  private static Path extract(String resource, Path target) throws IOException {
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
