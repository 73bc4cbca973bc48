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
 * ordinals separated by spaces. A line with a user and no items is allowed. Ordinals must be dense
 * (numbered from 0 with few gaps): models allocate one row per ordinal, so a stray huge id would cost
 * memory for ids that do not exist, and is refused with its file and line.
 */
public final class LightGcnReader {
  private LightGcnReader() {}

  /** Reads {@code dir/train.txt} and {@code dir/test.txt}. */
  public static InteractionData read(Path dir) throws IOException {
    Pairs train = pairs(dir.resolve("train.txt"));
    Pairs test = pairs(dir.resolve("test.txt"));
    int users = Math.max(train.maxUser, test.maxUser) + 1;
    int items = Math.max(train.maxItem, test.maxItem) + 1;
    Pairs u = train.maxUser >= test.maxUser ? train : test;
    checkDense("user", users, distinct(train.lineUsers, train.lines, test.lineUsers, test.lines), u.file, u.maxUserLine);
    Pairs i = train.maxItem >= test.maxItem ? train : test;
    checkDense("item", items, distinct(train.items, train.size, test.items, test.size), i.file, i.maxItemLine);
    return new InteractionData(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
        UserItems.of(users, items, train.users, train.items, train.size),
        UserItems.of(users, items, test.users, test.items, test.size),
        List.of(), List.of(), train.sha256 + ":" + test.sha256);
  }

  /**
   * At most this share of the ordinals below the largest may be unused (plus {@link #SLACK}): a split
   * filtered by the user may leave gaps, a mistyped or foreign id leaves almost all of them empty.
   */
  private static final int MAX_SPAN_PER_ID = 4;
  private static final int SLACK = 1024;

  private static void checkDense(String what, int span, int distinct, Path file, long line) {
    if ((long) span > (long) MAX_SPAN_PER_ID * distinct + SLACK) {
      int max = span - 1;
      throw new InputFormatException(file, line, what,
          what + " ordinal " + max + " is far beyond the " + distinct + " distinct " + what + "s of the split: LightGCN"
              + " splits number " + what + "s densely from 0, and a model would hold " + span + " rows; renumber the "
              + what + "s (or read the interactions as a CSV log, which maps any ids)");
    }
  }

  /** Distinct values among the first {@code na} of {@code a} and the first {@code nb} of {@code b}. */
  private static int distinct(int[] a, int na, int[] b, int nb) {
    int[] all = Arrays.copyOf(a, na + nb);
    System.arraycopy(b, 0, all, na, nb);
    Arrays.sort(all);
    int d = 0;
    for (int i = 0; i < all.length; i++) {
      d += i == 0 || all[i] != all[i - 1] ? 1 : 0;
    }
    return d;
  }

  private static final class Pairs {
    Path file;
    long maxUserLine;
    long maxItemLine;
    /** Every user with a line, items or not (the first {@code lines} entries). */
    int[] lineUsers = new int[1 << 10];
    int lines;
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
    p.file = file;
    try (TextLineReader in = new TextLineReader(file)) {
      String line;
      while ((line = in.next()) != null) {
        String s = line.strip();
        if (s.isEmpty()) {
          continue;
        }
        String[] f = s.split("\\s+");
        int u = ordinal(file, in.line(), "user", f[0]);
        if (u > p.maxUser) {
          p.maxUser = u;
          p.maxUserLine = in.line();
        }
        if (p.lines == p.lineUsers.length) {
          p.lineUsers = Arrays.copyOf(p.lineUsers, p.lines * 2);
        }
        p.lineUsers[p.lines++] = u;
        for (int k = 1; k < f.length; k++) {
          int item = ordinal(file, in.line(), "item " + k, f[k]);
          if (item > p.maxItem) {
            p.maxItemLine = in.line();
          }
          p.add(u, item);
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
