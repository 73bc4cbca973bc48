/** What every trainer shares: the optimiser, the learning-rate schedule and the JSON log of a run. */
package dev.foil.rankers.train;
