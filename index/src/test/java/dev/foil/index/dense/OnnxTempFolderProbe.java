package dev.foil.index.dense;

import dev.foil.index.ProgressListener;
import java.util.List;

/**
 * Run in a child JVM by {@link OnnxNativesTest}: encodes one text, then prints the folder ONNX Runtime
 * loaded its libraries from.
 */
public final class OnnxTempFolderProbe {
  private OnnxTempFolderProbe() {}

  public static void main(String[] args) throws Exception {
    try (OnnxEncoder encoder = new OnnxEncoder(EncoderModel.resolve("minilm"), 32, 8, 1)) {
      encoder.encodeQueries(List.of("what lowers LDL cholesterol"), ProgressListener.NONE);
    }
    System.out.println(System.getProperty(OnnxNatives.PATH_PROPERTY));
  }
}
