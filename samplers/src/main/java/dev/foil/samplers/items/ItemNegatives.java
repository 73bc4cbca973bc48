package dev.foil.samplers.items;

/**
 * The negatives drawn for a batch of B users, n per user.
 *
 * <ul>
 *   <li>Per-user ({@code shared == false}): {@code items[b * n + j]} is user b's j-th negative.
 *   <li>Shared ({@code shared == true}): {@code items} holds n negatives every user of the batch uses.
 * </ul>
 *
 * {@code weights}, when not {@code null}, has B × n entries in the per-user layout: the weight of each
 * negative term in the loss (0 masks an item that is a positive of that user).
 *
 * @param items negative item ordinals
 * @param weights per-(user, negative) loss weights, or {@code null} for all ones
 * @param perUser n
 * @param shared whether one set serves the whole batch
 */
public record ItemNegatives(int[] items, float[] weights, int perUser, boolean shared) {

  /** The item of user row {@code b}'s j-th negative. */
  public int item(int b, int j) {
    return shared ? items[j] : items[b * perUser + j];
  }

  /** The weight of user row {@code b}'s j-th negative. */
  public float weight(int b, int j) {
    return weights == null ? 1f : weights[b * perUser + j];
  }
}
