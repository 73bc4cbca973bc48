package dev.foil.rankers.biencoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.foil.index.dense.EncoderModel;
import dev.foil.rankers.model.MiniLm;
import dev.foil.rankers.model.Tokenizer;
import dev.foil.train.AllocatorChurn;
import dev.foil.train.Devices;
import dev.foil.train.Gradients;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bi-encoder step's gradients (MiniLM with dropout, the dual-view InfoNCE) are the same whether or not
 * the garbage collector runs and freed memory is reused between the forward and the backward pass. Any
 * operand of the graph that lives on memory the Java side has let go of (DJL's {@code Number} overloads
 * did) shows here as different gradients.
 */
class GradientLifetimeTest {
  private static final List<String> QUERIES = List.of("vitamin d and tuberculosis", "brca1 breast cancer risk",
      "does exercise lower blood pressure", "statins and memory loss");

  @Test
  void aStepsGradientsDoNotDependOnTheCollector() throws Exception {
    EncoderModel base = EncoderModel.resolve("minilm");
    try (MiniLm tower = MiniLm.fromOnnx(base.onnx(), 12, Devices.preferred());
        Tokenizer tok = new Tokenizer(base.tokenizer(), 16)) {
      tower.parameters().values().forEach(p -> p.setRequiresGradient(true));
      List<float[]> quiet = gradients(tower, tok, false);
      Gradients.assertSame(tower.parameters(), quiet, gradients(tower, tok, true), "MiniLM, dual InfoNCE");
    }
  }

  private static List<float[]> gradients(MiniLm tower, Tokenizer tok, boolean churn) {
    Devices.seed(7);
    int b = QUERIES.size();
    int d = tower.hidden();
    float[] keys = new float[2 * b * d]; // fixed passage vectors: b positives, then b negatives
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (float) r.nextGaussian() / (float) Math.sqrt(d);
    }
    try (NDManager m = tower.manager().newSubManager();
        GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
      NDArray q = tower.sentenceEmbedding(tok.batch(m, QUERIES), 0.1f, true);
      NDArray candidates = m.create(keys, new Shape(2L * b, d));
      float[] bias = new float[b * 2 * b];
      float[] reverse = new float[b * b];
      NDArray loss = InfoNce.dualLoss(q, candidates, bias, reverse, 0.05f);
      List<ByteBuffer> churned = churn ? AllocatorChurn.reclaimAndOverwrite() : List.of();
      gc.backward(loss);
      Reference.reachabilityFence(churned);
    }
    return Gradients.take(tower.parameters());
  }
}
