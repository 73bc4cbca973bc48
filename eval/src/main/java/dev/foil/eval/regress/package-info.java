/** Regression files: an experiment with expected values and tolerances ({@code foil regress}). */
package dev.foil.eval.regress;
