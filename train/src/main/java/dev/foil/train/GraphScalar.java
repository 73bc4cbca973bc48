package dev.foil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A scalar operand for an operation the backward pass differentiates (a temperature, a scale, a loss
 * weight), held in memory the engine owns.
 *
 * <p>DJL's {@code NDArray} overloads that take a {@code Number} ({@code mul(2f)}, {@code div(t)},
 * {@code maximum(1e-12f)}) build the scalar on a Java direct buffer, which the engine borrows without
 * copying, and close it as soon as the forward operation returns. Autograd keeps the scalar for the
 * backward pass of a product, a quotient or a maximum; once the garbage collector frees the buffer, the
 * backward pass multiplies by whatever the allocator put there next. That was the cause of the
 * gradients of 10¹⁷, NaN or exactly zero that came and went between identical runs on the CPU engine.
 * A scalar from here is allocated by the engine itself and reference-counted there, so it lives as long
 * as the graph that saved it. ({@code add} and {@code sub} by a number are safe: their backward pass
 * does not read the scalar.)
 */
public final class GraphScalar {
  private GraphScalar() {}

  /** {@code value} as a 0-dimensional array of {@code like}'s type, on its device, in its manager. */
  public static NDArray of(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType());
  }
}
