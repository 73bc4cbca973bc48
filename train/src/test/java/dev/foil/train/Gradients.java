package dev.foil.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gradients a backward pass left on a model's parameters, taken for comparison between passes. */
public final class Gradients {
  private Gradients() {}

  /** Each parameter's gradient, in the map's order; the gradients are zeroed for the next pass. */
  public static List<float[]> take(Map<String, NDArray> params) {
    List<float[]> out = new ArrayList<>();
    for (NDArray p : params.values()) {
      try (NDArray g = p.getGradient()) {
        out.add(g.toFloatArray());
        g.set(new NDIndex("..."), 0f);
      }
    }
    return out;
  }

  /** Asserts that two takes are bit-identical, naming the first parameter that differs. */
  public static void assertSame(Map<String, NDArray> params, List<float[]> expected, List<float[]> actual, String what) {
    List<String> names = new ArrayList<>(params.keySet());
    for (int i = 0; i < names.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ": gradient of " + names.get(i));
    }
  }
}
