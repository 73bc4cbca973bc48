package dev.foil.samplers.items;

/**
 * One user's positives as a bit set over the items, set and cleared per user, so that rejecting a
 * drawn item costs one bit test instead of a search of the user's row.
 */
final class PositiveMask {
  private final UserItems train;
  private final long[] bits;

  PositiveMask(UserItems train) {
    this.train = train;
    this.bits = new long[(train.numItems() + 63) >>> 6];
  }

  void set(int user) {
    if (train.degree(user) >= train.numItems()) {
      throw new IllegalStateException("user " + user + " interacted with every item: no negative to draw");
    }
    int[] items = train.items();
    for (int k = train.offsets()[user], e = train.offsets()[user + 1]; k < e; k++) {
      bits[items[k] >>> 6] |= 1L << items[k];
    }
  }

  void clear(int user) {
    int[] items = train.items();
    for (int k = train.offsets()[user], e = train.offsets()[user + 1]; k < e; k++) {
      bits[items[k] >>> 6] = 0L;
    }
  }

  boolean has(int item) {
    return (bits[item >>> 6] & (1L << item)) != 0;
  }
}
