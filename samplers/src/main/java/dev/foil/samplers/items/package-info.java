/**
 * Negative samplers for implicit feedback (recommendation): items drawn for a batch of users, with the
 * users' own positives rejected or masked. Plugins of {@link dev.foil.samplers.items.ItemSampler} found
 * through {@link java.util.ServiceLoader}; models that samplers consult (DNS's scorer, NBPO's flip
 * rates) reach them through {@link dev.foil.samplers.items.ItemScorer} and
 * {@link dev.foil.samplers.items.FlipRateModel}, so this package never depends on a training engine.
 */
package dev.foil.samplers.items;
