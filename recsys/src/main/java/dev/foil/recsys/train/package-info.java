/** Training recommendation models on sampled negatives: batches, seeds, checkpoints and the saved model. */
package dev.foil.recsys.train;
