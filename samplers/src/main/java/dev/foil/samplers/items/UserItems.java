package dev.foil.samplers.items;

import java.util.Arrays;

/**
 * Implicit feedback in compressed sparse rows: user u's items are {@code items[offsets[u] ..
 * offsets[u+1])}, sorted ascending and distinct. Users and items are dense ordinals from 0.
 *
 * @param numUsers users (rows), including users without items
 * @param numItems items (columns)
 * @param offsets row starts, length {@code numUsers + 1}
 * @param items column ordinals, length {@code offsets[numUsers]}
 */
public record UserItems(int numUsers, int numItems, int[] offsets, int[] items) {

  public UserItems {
    if (offsets.length != numUsers + 1 || offsets[0] != 0 || offsets[numUsers] != items.length) {
      throw new IllegalArgumentException("offsets do not describe " + numUsers + " rows over " + items.length + " items");
    }
  }

  /** Builds rows from parallel (user, item) arrays; duplicates collapse to one interaction. */
  public static UserItems of(int numUsers, int numItems, int[] users, int[] itemsOfUsers, int size) {
    int[] offsets = new int[numUsers + 1];
    for (int k = 0; k < size; k++) {
      offsets[users[k] + 1]++;
    }
    for (int u = 0; u < numUsers; u++) {
      offsets[u + 1] += offsets[u];
    }
    int[] fill = Arrays.copyOf(offsets, numUsers);
    int[] cols = new int[size];
    for (int k = 0; k < size; k++) {
      int i = itemsOfUsers[k];
      if (i < 0 || i >= numItems) {
        throw new IllegalArgumentException("item " + i + " outside 0.." + (numItems - 1));
      }
      cols[fill[users[k]]++] = i;
    }
    // Sort each row and drop repeats, compacting in place.
    int[] compact = new int[numUsers + 1];
    int w = 0;
    for (int u = 0; u < numUsers; u++) {
      int s = offsets[u];
      int e = offsets[u + 1];
      Arrays.sort(cols, s, e);
      compact[u] = w;
      for (int k = s; k < e; k++) {
        if (k == s || cols[k] != cols[k - 1]) {
          cols[w++] = cols[k];
        }
      }
    }
    compact[numUsers] = w;
    return new UserItems(numUsers, numItems, compact, Arrays.copyOf(cols, w));
  }

  /** Interactions in all. */
  public int size() {
    return items.length;
  }

  /** How many items user {@code u} has. */
  public int degree(int u) {
    return offsets[u + 1] - offsets[u];
  }

  /** User {@code u}'s items, a copy. */
  public int[] row(int u) {
    return Arrays.copyOfRange(items, offsets[u], offsets[u + 1]);
  }

  /** Whether user {@code u} interacted with item {@code i} (binary search in the row). */
  public boolean contains(int u, int i) {
    return Arrays.binarySearch(items, offsets[u], offsets[u + 1], i) >= 0;
  }

  /** Users per item: the item's popularity. */
  public int[] itemCounts() {
    int[] c = new int[numItems];
    for (int i : items) {
      c[i]++;
    }
    return c;
  }

  /** The user of each interaction, in row order (the inverse of {@link #offsets}). */
  public int[] userOfInteraction() {
    int[] u = new int[items.length];
    for (int r = 0; r < numUsers; r++) {
      Arrays.fill(u, offsets[r], offsets[r + 1], r);
    }
    return u;
  }

  /** Users with at least one item. */
  public int activeUsers() {
    int n = 0;
    for (int u = 0; u < numUsers; u++) {
      if (offsets[u + 1] > offsets[u]) {
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserItems x && x.numUsers == numUsers && x.numItems == numItems
        && Arrays.equals(x.offsets, offsets) && Arrays.equals(x.items, items);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(offsets) + Arrays.hashCode(items);
  }

  @Override
  public String toString() {
    return "UserItems[" + numUsers + " users, " + numItems + " items, " + items.length + " interactions]";
  }
}
