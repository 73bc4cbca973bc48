package dev.foil.recsys.data;

import dev.foil.samplers.items.UserItems;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

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

  /**
   * A tuning split of this data: {@code split} holds out part of each user's <em>training</em>
   * interactions as the evaluation set, the rest is the training set, and the test set is not used —
   * so hyperparameters can be chosen without looking at the test. Only random splits: a LightGCN file
   * has no times to hold out the latest by.
   */
  public InteractionData validation(Split split) {
    if (split.leaveOneOut()) {
      throw new IllegalArgumentException("validation split: leave-one-out needs times; use random:FRACTION[:SEED]");
    }
    int[] offsets = train.offsets();
    int[] items = train.items();
    int n = train.size();
    int[] tu = new int[n];
    int[] ti = new int[n];
    int[] vu = new int[n];
    int[] vi = new int[n];
    int nt = 0;
    int nv = 0;
    for (int user = 0; user < numUsers(); user++) {
      int[] mine = Arrays.copyOfRange(items, offsets[user], offsets[user + 1]);
      int held = split.holdOut(user, mine);
      for (int k = 0; k < mine.length; k++) {
        if (k < held) {
          vu[nv] = user;
          vi[nv++] = mine[k];
        } else {
          tu[nt] = user;
          ti[nt++] = mine[k];
        }
      }
    }
    return new InteractionData(name + " (validation " + split + ")", UserItems.of(numUsers(), numItems(), tu, ti, nt),
        UserItems.of(numUsers(), numItems(), vu, vi, nv), userIds, itemIds, sha256 + "|validation " + split);
  }

  /**
   * This data with false positives injected into training, to measure robustness to noisy implicit
   * feedback: in each user's training interactions, {@code round(fraction · n_u)} of them (chosen by a
   * generator seeded with the noise's seed and the user) are replaced by items drawn uniformly from those
   * the user has neither in training nor in test, without repeats. The test set is untouched, so what is
   * measured is how well a model trained on the noisy log ranks the clean held-out items. A fraction of 0
   * returns this data.
   */
  public InteractionData withFalsePositives(Noise noise) {
    double fraction = noise.fraction();
    if (fraction == 0) {
      return this;
    }
    int n = train.size();
    int[] users = new int[n];
    int[] items = new int[n];
    int k = 0;
    for (int user = 0; user < numUsers(); user++) {
      int[] mine = train.row(user);
      int replaced = (int) Math.round(fraction * mine.length);
      SplittableRandom rng = new SplittableRandom(noise.seed() * 0xBF58476D1CE4E5B9L + user);
      for (int j = 0; j < replaced; j++) { // partial Fisher-Yates: the first `replaced` go
        int r = j + rng.nextInt(mine.length - j);
        int t = mine[j];
        mine[j] = mine[r];
        mine[r] = t;
      }
      Set<Integer> taken = new HashSet<>();
      for (int i : mine) {
        taken.add(i);
      }
      for (int i : test.row(user)) {
        taken.add(i);
      }
      for (int j = 0; j < mine.length; j++) {
        int item = mine[j];
        if (j < replaced && taken.size() < numItems()) {
          do {
            item = rng.nextInt(numItems());
          } while (!taken.add(item));
        }
        users[k] = user;
        items[k++] = item;
      }
    }
    return new InteractionData(name + " (noise " + noise + ")",
        UserItems.of(numUsers(), numItems(), users, items, k), test, userIds, itemIds, sha256 + "|noise " + noise);
  }

  /** One line for logs. */
  public String summary() {
    return String.format("%s: %,d users, %,d items, %,d train and %,d test interactions", name, numUsers(),
        numItems(), train.size(), test.size());
  }
}
