import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.foil.index.dense.EncoderModel;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Runs MiniLM on one ONNX Runtime thread over a fixed batch of random word pieces and writes ONNX
 * Runtime's own profile, whose time per operator type scripts/onnx-op-profile.sh sums.
 */
public class OnnxOpProfile {
  public static void main(String[] args) throws Exception {
    int batch = Integer.parseInt(args[0]);
    int length = Integer.parseInt(args[1]);
    int runs = Integer.parseInt(args[2]);
    String prefix = args[3];
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.enableProfiling(prefix);
      try (OrtSession session = env.createSession(EncoderModel.resolve("minilm").onnx().toString(), options)) {
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        Random random = new Random(1);
        for (int i = 0; i < ids.length; i++) {
          ids[i] = 1000 + random.nextInt(20000);
          mask[i] = 1;
        }
        long[] shape = {batch, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          session.run(inputs).close();
        }
        double tokensPerSecond = (double) batch * length * runs / ((System.nanoTime() - start) / 1e9);
        // MiniLM-L6's linear layers: 6 layers x 2 x (4 x 384^2 + 2 x 384 x 1536) FLOP per token
        System.out.printf("%.0f tokens/s on one thread, %.1f GFLOP/s in the linear layers%n",
            tokensPerSecond, tokensPerSecond * 21.2e6 / 1e9);
        System.out.println(session.endProfiling());
      }
    }
  }
}
