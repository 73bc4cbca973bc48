package dev.foil.recsys.data;

import dev.foil.samplers.items.UserItems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interactions with their own identifiers and times, as a log file holds them, before numbering and
 * splitting: users and items get dense ordinals in order of first appearance, and a {@link Split} makes
 * train and test.
 */
final class InteractionLog {
  private final Map<String, Integer> users = new HashMap<>();
  private final Map<String, Integer> items = new HashMap<>();
  private final List<String> userIds = new ArrayList<>();
  private final List<String> itemIds = new ArrayList<>();
  private int[] u = new int[1 << 12];
  private int[] i = new int[1 << 12];
  private long[] t = new long[1 << 12];
  private int size;

  void add(String user, String item, long time) {
    if (size == u.length) {
      u = Arrays.copyOf(u, size * 2);
      i = Arrays.copyOf(i, size * 2);
      t = Arrays.copyOf(t, size * 2);
    }
    u[size] = ordinal(users, userIds, user);
    i[size] = ordinal(items, itemIds, item);
    t[size++] = time;
  }

  int size() {
    return size;
  }

  private static int ordinal(Map<String, Integer> map, List<String> ids, String id) {
    Integer o = map.get(id);
    if (o == null) {
      o = ids.size();
      map.put(id, o);
      ids.add(id);
    }
    return o;
  }

  InteractionData split(String name, Split split, String sha256) {
    int nu = userIds.size();
    int ni = itemIds.size();
    // Interaction indices grouped by user, in input order: the rows of a user × interaction matrix.
    int[] indices = new int[size];
    Arrays.setAll(indices, k -> k);
    UserItems byUser = UserItems.of(nu, size, u, indices, size);
    int[] start = byUser.offsets();
    int[] order = byUser.items();
    boolean[] test = new boolean[size];
    for (int user = 0; user < nu; user++) {
      int s = start[user];
      int n = start[user + 1] - s;
      if (n < 2) {
        continue;
      }
      if (split.leaveOneOut()) {
        int latest = order[s];
        for (int k = s + 1; k < s + n; k++) {
          if (t[order[k]] >= t[latest]) {
            latest = order[k];
          }
        }
        test[latest] = true;
      } else {
        int[] mine = Arrays.copyOfRange(order, s, s + n);
        int held = split.holdOut(user, mine);
        for (int k = 0; k < held; k++) {
          test[mine[k]] = true;
        }
      }
    }
    int[] tu = new int[size];
    int[] ti = new int[size];
    int[] su = new int[size];
    int[] si = new int[size];
    int nt = 0;
    int ns = 0;
    for (int k = 0; k < size; k++) {
      if (test[k]) {
        su[ns] = u[k];
        si[ns++] = i[k];
      } else {
        tu[nt] = u[k];
        ti[nt++] = i[k];
      }
    }
    UserItems train = UserItems.of(nu, ni, tu, ti, nt);
    UserItems held = UserItems.of(nu, ni, su, si, ns);
    // The split is part of the data's identity: another seed makes another training set from the same file.
    return new InteractionData(name, train, held, List.copyOf(userIds), List.copyOf(itemIds), sha256 + "|" + split);
  }
}
