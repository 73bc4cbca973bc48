/**
 * Interaction data for implicit feedback: LightGCN splits, MovieLens ratings and CSV logs read into
 * compressed rows ({@link dev.foil.samplers.items.UserItems}), with train/test splits.
 */
package dev.foil.recsys.data;
