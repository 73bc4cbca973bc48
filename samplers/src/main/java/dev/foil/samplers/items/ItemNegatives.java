package dev.foil.samplers.items;

/**
 * The negatives drawn for a batch of B users, n per user.
 *
 * <ul>
 *   <li>Per-user ({@code groups == 0}): {@code items[b * n + j]} is user b's j-th negative.
 *   <li>Shared ({@code groups == G >= 1}): the batch's rows are split into G contiguous groups, group g
 *       holding rows {@code [groupStart(g, B), groupStart(g + 1, B))}, and {@code items[g * n + j]} is
 *       the j-th negative every row of group g uses. G = 1 is one set for the whole batch.
 * </ul>
 *
 * {@code weights}, when not {@code null}, has B × n entries in the per-user layout: the weight of each
 * negative term in the loss (0 masks an item that is a positive of that user).
 *
 * @param items negative item ordinals
 * @param weights per-(user, negative) loss weights, or {@code null} for all ones
 * @param perUser n
 * @param groups 0 for per-user negatives, else the number of row groups that each share n negatives
 */
public record ItemNegatives(int[] items, float[] weights, int perUser, int groups) {

  public ItemNegatives {
    if (groups < 0) {
      throw new IllegalArgumentException("groups must be >= 0: " + groups);
    }
    if (groups > 0 && items.length != groups * perUser) {
      throw new IllegalArgumentException(
          "shared negatives: " + items.length + " items for " + groups + " groups of " + perUser);
    }
  }

  /** Per-user negatives: {@code items[b * n + j]}. */
  public static ItemNegatives perUser(int[] items, float[] weights, int perUser) {
    return new ItemNegatives(items, weights, perUser, 0);
  }

  /** Whether rows share their negatives (in one or more groups). */
  public boolean shared() {
    return groups > 0;
  }

  /** The first row of group {@code g} of a batch of {@code rows} rows ({@code g == groups} gives rows). */
  public int groupStart(int g, int rows) {
    return groupStart(g, groups, rows);
  }

  /** The first row of group {@code g} when {@code rows} rows are split into {@code groups} groups. */
  public static int groupStart(int g, int groups, int rows) {
    return (int) ((long) g * rows / groups);
  }

  /** The group row {@code b} of a batch of {@code rows} rows belongs to. */
  public int groupOf(int b, int rows) {
    return (int) (((long) b + 1) * groups - 1) / rows;
  }

  /** The item of user row {@code b}'s j-th negative in a batch of {@code rows} rows. */
  public int item(int b, int j, int rows) {
    return shared() ? items[groupOf(b, rows) * perUser + j] : items[b * perUser + j];
  }

  /** The weight of user row {@code b}'s j-th negative. */
  public float weight(int b, int j) {
    return weights == null ? 1f : weights[b * perUser + j];
  }
}
