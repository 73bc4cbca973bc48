/**
 * The learned false-negative adapter (RRRA-style): features from a frozen bi-encoder, a small network
 * estimating P(false negative), its held-out-positive trainer, and its estimator for the sampler engine.
 */
package dev.foil.rankers.fn;
