package dev.foil.rankers.biencoder.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyQueueTest {
  @TempDir Path dir;

  private static float[] rows(float... firsts) {
    float[] out = new float[firsts.length * 2];
    for (int i = 0; i < firsts.length; i++) {
      out[2 * i] = firsts[i];
      out[2 * i + 1] = -firsts[i];
    }
    return out;
  }

  private static List<String> keys(KeyQueue q) {
    return java.util.stream.IntStream.range(0, q.size()).mapToObj(q::key).toList();
  }

  @Test
  void theOldestEntriesLeaveOnceFullAndAPassageIsHeldOnce() {
    KeyQueue q = new KeyQueue(3, 2);
    assertEquals(2, q.offer(List.of("a", "b"), rows(1, 2)));
    assertEquals(List.of("a", "b"), keys(q));
    // b again: its vector is refreshed where it stands, not added twice.
    assertEquals(1, q.offer(List.of("b", "c"), rows(20, 3)));
    assertEquals(List.of("a", "b", "c"), keys(q));
    assertArrayEquals(new float[] {20, -20}, q.vector(1));
    // d and e push out a and b, the two oldest.
    assertEquals(2, q.offer(List.of("d", "e"), rows(4, 5)));
    assertEquals(3, q.size());
    assertEquals(List.of("d", "e", "c"), keys(q));
    assertArrayEquals(rows(4, 5, 3), q.matrix());
    // a left the queue, so it comes back as a new entry, in the oldest slot (c's).
    assertEquals(1, q.offer(List.of("a"), rows(6)));
    assertEquals(List.of("d", "e", "a"), keys(q));
  }

  @Test
  void saveAndLoadRestoreEntriesAndTheNextSlot() throws IOException {
    KeyQueue q = new KeyQueue(4, 2);
    q.offer(List.of("a", "b", "c", "d", "e"), rows(1, 2, 3, 4, 5));
    Path file = dir.resolve("queue.bin");
    q.save(file);
    KeyQueue back = new KeyQueue(4, 2);
    back.load(file);
    assertEquals(keys(q), keys(back));
    assertArrayEquals(q.matrix(), back.matrix());
    // The same next slot: the same entry leaves on the next offer.
    q.offer(List.of("f"), rows(6));
    back.offer(List.of("f"), rows(6));
    assertEquals(keys(q), keys(back));
    assertEquals(List.of("e", "f", "c", "d"), keys(back));
  }

  @Test
  void aQueueOfAnotherShapeOrAnotherFileIsRefusedWithItsName() throws IOException {
    KeyQueue q = new KeyQueue(4, 2);
    q.offer(List.of("a"), rows(1));
    Path file = dir.resolve("queue.bin");
    q.save(file);
    IOException e = assertThrows(IOException.class, () -> new KeyQueue(8, 2).load(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("4 × 2"), e.getMessage());
    Path other = dir.resolve("other.bin");
    Files.writeString(other, "not a queue at all");
    IOException e2 = assertThrows(IOException.class, () -> new KeyQueue(4, 2).load(other));
    assertTrue(e2.getMessage().contains("not a key queue"), e2.getMessage());
    // A damaged entry: the first key's length overwritten with a huge number is refused, not allocated.
    byte[] bytes = Files.readAllBytes(file);
    java.nio.ByteBuffer.wrap(bytes).putInt(20, Integer.MAX_VALUE);
    Path damaged = dir.resolve("damaged.bin");
    Files.write(damaged, bytes);
    IOException e3 = assertThrows(IOException.class, () -> new KeyQueue(4, 2).load(damaged));
    assertTrue(e3.getMessage().contains("corrupt queue entry 0"), e3.getMessage());
  }
}
