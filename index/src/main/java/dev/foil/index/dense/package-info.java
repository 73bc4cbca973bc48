/**
 * Dense candidates: text encoders (ONNX models through DJL), the on-disk embedding store, and the
 * dense {@link dev.foil.index.CandidateSource} over a {@link dev.foil.index.vector.VectorIndex}.
 */
package dev.foil.index.dense;
