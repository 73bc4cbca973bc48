/**
 * What every trainer shares, below the models that use it (rankers and recsys alike): the training
 * loop with staged checkpoints and exact resume, the optimiser, the learning-rate schedule, the JSON
 * log of a run, and the one place that chooses the device.
 */
package dev.foil.train;
