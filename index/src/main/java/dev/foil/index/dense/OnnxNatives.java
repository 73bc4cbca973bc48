package dev.foil.index.dense;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Loads ONNX Runtime's native libraries from one folder per version in Foil's cache, copied there once,
 * instead of a fresh temporary folder per process. ONNX Runtime's own loader copies them into
 * {@code onnxruntime-java*} under {@code java.io.tmpdir} and asks for the folder's removal on exit before
 * its files', so every process left an empty folder behind; given a library path it copies nothing, and
 * the folder it still creates is removed, being empty.
 */
final class OnnxNatives {
  /** ONNX Runtime's property for a folder to load its libraries from. */
  static final String PATH_PROPERTY = "onnxruntime.native.path";

  private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

  private OnnxNatives() {}

  /**
   * Points ONNX Runtime at the cached copy of its libraries, copying them first if needed; leaves ONNX
   * Runtime to its own ways where the user named a library path, where its jar holds no libraries for
   * this platform (it then looks for them on the system), or where the cache cannot take the copy (a
   * read-only or full disk: a leftover folder is better than no encoder). Call it before ONNX Runtime
   * first loads.
   */
  static synchronized void useCachedCopy() {
    if (System.getProperty(PATH_PROPERTY) != null) {
      return;
    }
    String platform = platform();
    String version = OrtEnvironment.class.getPackage().getImplementationVersion(); // no class initialisation
    ClassLoader loader = OnnxNatives.class.getClassLoader();
    if (platform == null || version == null
        || LIBRARIES.stream().anyMatch(l -> loader.getResource(resource(platform, l)) == null)) {
      return;
    }
    Path dir = EncoderModel.cacheDir().resolve("onnxruntime").resolve(version + "-" + platform);
    try {
      for (String library : LIBRARIES) {
        EncoderModel.extract(resource(platform, library), dir.resolve(library));
      }
      System.setProperty(PATH_PROPERTY, dir.toString());
    } catch (IOException e) {
      // ONNX Runtime copies its libraries into a temporary folder itself, as it would without Foil
    }
  }

  private static String resource(String platform, String library) {
    return "ai/onnxruntime/native/" + platform + "/" + library;
  }

  /** ONNX Runtime's name for this platform's resource folder, for the Linux builds Foil runs on. */
  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      return null;
    }
    return switch (arch) {
      case "amd64", "x86_64" -> "linux-x64";
      case "aarch64" -> "linux-aarch64";
      default -> null;
    };
  }
}
