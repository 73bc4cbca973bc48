package dev.foil.index.vector;

/**
 * The inner product of two vectors summed in one defined order, in double: the same bits on every JVM,
 * whatever it vectorises (Lucene's {@code VectorUtil} sums in lanes when the incubating Vector API is
 * enabled, as Spark's executors enable it, and serially when not), so scores written into training files
 * do not depend on where they were computed.
 */
public final class InnerProduct {
  private InnerProduct() {}

  /** Σ a[i]·b[i] over the first {@code a.length} components, rounded once to float. */
  public static float of(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return (float) s;
  }
}
