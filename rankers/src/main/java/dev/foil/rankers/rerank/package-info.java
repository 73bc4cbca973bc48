/** Cross-encoder rerankers: the model, its listwise trainer, and reranking of first-stage runs. */
package dev.foil.rankers.rerank;
