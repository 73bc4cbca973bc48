package dev.foil.rankers.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.InputFormatException;
import dev.foil.rankers.cet.CetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
  @TempDir Path dir;

  @Test
  void aSaveInterruptedAfterItBeganLeavesADirectoryThatIsRefusedNotAMixedModel() throws Exception {
    Path out = dir.resolve("out");
    new CetModel(new double[] {1, 2, 3}, new double[] {0.5, 0.25, 0.1}, List.of("bm25", "dense"), 100).save(out);
    Files.writeString(out.resolve("log.jsonl"), "{\"step\":1}\n");
    assertTrue(CetModel.isModelDir(out));
    assertEquals(List.of("bm25", "dense"), CetModel.load(out).sources());

    // A second training into the same directory is killed after its save began.
    ModelDirectory.beginSave(out);
    assertFalse(CetModel.isModelDir(out), "no descriptor while the model files change");
    InputFormatException e = assertThrows(InputFormatException.class, () -> CetModel.load(out));
    assertTrue(e.getMessage().contains(ModelDirectory.DESCRIPTOR), e.getMessage());
    assertEquals("{\"step\":1}\n", Files.readString(out.resolve("log.jsonl")), "the training log beside it is kept");

    new CetModel(new double[] {3, 4, 5}, new double[] {0.1, 0.2, 0.3}, List.of("bm25", "dense"), 50).save(out);
    assertEquals(50, CetModel.load(out).unranked(), "a finished save is a model again");
  }
}
