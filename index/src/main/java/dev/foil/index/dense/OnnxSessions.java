package dev.foil.index.dense;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.foil.index.ThreadBudget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads ONNX graphs into ONNX Runtime with the process's thread settings, for the sentence encoder and the
 * cross-encoder alike: {@code threads} intra-op threads, one inter-op thread, and idle threads that spin
 * only when the process's OpenMP wait policy is {@code ACTIVE} ({@link ThreadBudget#waitPassively}):
 * beside another job, spinning threads hold the cores the other job needs.
 */
public final class OnnxSessions {
  static {
    OnnxNatives.useCachedCopy();
    // DJL's ONNX Runtime engine loads PyTorch beside it (its fallback for other operations), and with it
    // libtorch's OpenMP runtime, which reads its wait policy once
    ThreadBudget.waitPassively();
  }

  private OnnxSessions() {}

  /** {@code graph} (an {@code .onnx} file) in a new session; the caller closes the model. */
  public static ZooModel<NDList, NDList> load(Path graph, int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("illegal threads value: " + threads + ", must be at least 1");
    }
    Model model = Model.newInstance(graph.getFileName().toString(), Device.cpu(), "OnnxRuntime");
    boolean loaded = false;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", spins() ? "1" : "0");
      model.load(graph, null, Map.of("sessionOptions", options)); // the session copies the options
      loaded = true;
      return new ZooModel<>(model, new NoopTranslator());
    } catch (OrtException | MalformedModelException | RuntimeException e) {
      throw new IOException("cannot load ONNX model " + graph + ": " + e.getMessage(), e);
    } finally {
      if (!loaded) {
        model.close();
      }
    }
  }

  /** Whether ONNX Runtime's idle threads spin: only under an {@code ACTIVE} wait policy. */
  static boolean spins() {
    return "ACTIVE".equalsIgnoreCase(ThreadBudget.waitPassively());
  }
}
