/**
 * Experiments: a spec (dataset, sources, samplers, model, seeds, metrics) run as a cached grid of
 * {@code foil} commands into a results directory ({@code foil bench SPEC}).
 */
package dev.foil.eval.experiment;
