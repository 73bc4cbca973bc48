/**
 * Models that consume mined negatives (DJL bi-encoder and cross-encoder reranker) and the learned
 * parts of the false-negative story (RRRA-style adapter, CET selection model).
 */
package dev.foil.rankers;
