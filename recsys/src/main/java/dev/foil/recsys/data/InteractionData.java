package dev.foil.recsys.data;

import dev.foil.samplers.items.UserItems;
import java.util.List;

/**
 * A train/test pair of interactions over one user and item numbering, with the original identifiers
 * where the source had its own (MovieLens, CSV); LightGCN files are already dense ordinals.
 *
 * @param name where it came from, for logs and reports
 * @param train training interactions
 * @param test held-out interactions (same numbering)
 * @param userIds original user identifiers by ordinal, or empty when ordinals are the identifiers
 * @param itemIds original item identifiers by ordinal, or empty likewise
 * @param sha256 content hash of the files read, for caches and reports
 */
public record InteractionData(
    String name, UserItems train, UserItems test, List<String> userIds, List<String> itemIds, String sha256) {

  public InteractionData {
    if (train.numUsers() != test.numUsers() || train.numItems() != test.numItems()) {
      throw new IllegalArgumentException("train and test must share users and items");
    }
  }

  public int numUsers() {
    return train.numUsers();
  }

  public int numItems() {
    return train.numItems();
  }

  /** The user's original identifier. */
  public String userId(int user) {
    return userIds.isEmpty() ? Integer.toString(user) : userIds.get(user);
  }

  /** The item's original identifier. */
  public String itemId(int item) {
    return itemIds.isEmpty() ? Integer.toString(item) : itemIds.get(item);
  }

  /** One line for logs. */
  public String summary() {
    return String.format("%s: %,d users, %,d items, %,d train and %,d test interactions", name, numUsers(),
        numItems(), train.size(), test.size());
  }
}
