package dev.foil.samplers.items;

import dev.foil.samplers.plugin.Configurable;

/**
 * A negative sampler for implicit feedback, found through {@link java.util.ServiceLoader} and
 * configured from a spec string ({@code popularity(alpha=0.75)}). Adding one is one class (public
 * no-argument constructor with its defaults) plus one line in
 * {@code META-INF/services/dev.foil.samplers.items.ItemSampler}.
 *
 * <p>Implementations are immutable; {@link #bind} precomputes what depends on the data (an alias
 * table) and the drawer it returns takes all randomness from the generator it is given, so a seed per
 * batch fixes every draw whatever the thread count.
 */
public interface ItemSampler extends Configurable<ItemSampler> {

  /** A drawer over {@code context}'s data and model. */
  Draw bind(ItemSamplingContext context);

  /** Draws negatives for batches of one training set. Not thread-safe: one per training thread. */
  @FunctionalInterface
  interface Draw {
    /**
     * Negatives for {@code users} (one row per training pair; a user may repeat), {@code n} each,
     * drawn with replacement.
     */
    ItemNegatives draw(int[] users, int n, java.util.SplittableRandom rng);
  }
}
