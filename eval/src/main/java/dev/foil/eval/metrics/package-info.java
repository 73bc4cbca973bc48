/**
 * Ranking metrics that reproduce trec_eval 9 to the last printed digit: nDCG@k, RR@k, Recall@k, AP,
 * P@k, averaged like {@code trec_eval -c}.
 */
package dev.foil.eval.metrics;
