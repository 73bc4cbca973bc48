package dev.foil.recsys.data;

import dev.foil.index.data.InputFormatException;
import dev.foil.index.data.TextLineReader;
import dev.foil.samplers.items.UserItems;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the LightGCN split format (He et al., SIGIR 2020; also NGCF's and SimpleX's): a directory with
 * {@code train.txt} and {@code test.txt}, each line {@code user item item …} of non-negative integer
 * ordinals separated by spaces. A line with a user and no items is allowed.
 */
public final class LightGcnReader {
  private LightGcnReader() {}

  /** Reads {@code dir/train.txt} and {@code dir/test.txt}. */
  public static InteractionData read(Path dir) throws IOException {
    Pairs train = pairs(dir.resolve("train.txt"));
    Pairs test = pairs(dir.resolve("test.txt"));
    int users = Math.max(train.maxUser, test.maxUser) + 1;
    int items = Math.max(train.maxItem, test.maxItem) + 1;
    return new InteractionData(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
        UserItems.of(users, items, train.users, train.items, train.size),
        UserItems.of(users, items, test.users, test.items, test.size),
        List.of(), List.of(), train.sha256 + ":" + test.sha256);
  }

  private static final class Pairs {
    int[] users = new int[1 << 16];
    int[] items = new int[1 << 16];
    int size;
    int maxUser = -1;
    int maxItem = -1;
    String sha256;

    void add(int u, int i) {
      if (size == users.length) {
        users = Arrays.copyOf(users, size * 2);
        items = Arrays.copyOf(items, size * 2);
      }
      users[size] = u;
      items[size++] = i;
      maxItem = Math.max(maxItem, i);
    }
  }

  private static Pairs pairs(Path file) throws IOException {
    Pairs p = new Pairs();
    try (TextLineReader in = new TextLineReader(file)) {
      String line;
      while ((line = in.next()) != null) {
        String s = line.strip();
        if (s.isEmpty()) {
          continue;
        }
        String[] f = s.split("\\s+");
        int u = ordinal(file, in.line(), "user", f[0]);
        p.maxUser = Math.max(p.maxUser, u);
        for (int k = 1; k < f.length; k++) {
          p.add(u, ordinal(file, in.line(), "item " + k, f[k]));
        }
      }
      p.sha256 = in.sha256();
    }
    return p;
  }

  private static int ordinal(Path file, long line, String field, String text) {
    try {
      int v = Integer.parseInt(text);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InputFormatException(file, line, field, "not a non-negative integer: \"" + text + "\"");
  }
}
