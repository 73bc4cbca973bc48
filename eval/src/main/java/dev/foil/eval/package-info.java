/**
 * Evaluation: ranking metrics with trec_eval semantics, and (later) benchmark runs and reports.
 */
package dev.foil.eval;
