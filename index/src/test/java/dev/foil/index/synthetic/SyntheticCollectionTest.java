package dev.foil.index.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.CorpusReader;
import dev.foil.index.data.Document;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.QueriesReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCollectionTest {
  @TempDir Path dir;

  private static final SyntheticCollection.Parameters SMALL =
      new SyntheticCollection.Parameters(7, 4, 40, 5, 0.5, 0.5, 0.2);

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    SyntheticCollection.write(SMALL, dir.resolve("a"), false);
    SyntheticCollection.write(SMALL, dir.resolve("b"), false);
    SyntheticCollection.write(new SyntheticCollection.Parameters(8, 4, 40, 5, 0.5, 0.5, 0.2), dir.resolve("c"), false);
    for (String f : List.of("corpus.jsonl", "queries.jsonl", "qrels/test.tsv", "qrels/train.tsv",
        SyntheticCollection.PLANTED_FILE)) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
    }
    assertFalse(Files.readString(dir.resolve("a/corpus.jsonl")).equals(Files.readString(dir.resolve("c/corpus.jsonl"))));
  }

  @Test
  void plantedFalseNegativesAreRelevantUnjudgedAndInTheCorpus() throws IOException {
    Path c = dir.resolve("col");
    SyntheticCollection.Summary s = SyntheticCollection.write(SMALL, c, false);
    BeirDataset data = BeirDataset.at(c);
    assertEquals(List.of("test", "train"), data.splits());
    Set<String> docIds = new HashSet<>();
    Map<String, Document> docs = new HashMap<>();
    try (CorpusReader r = CorpusReader.open(data.corpus())) {
      Document d;
      while ((d = r.next()) != null) {
        docIds.add(d.id());
        docs.put(d.id(), d);
      }
    }
    assertEquals(s.documents(), docIds.size());
    assertEquals(s.trainQueries() + s.testQueries(), QueriesReader.read(data.queries()).size());
    List<PlantedFalseNegatives.Entry> planted = PlantedFalseNegatives.read(c);
    assertEquals(s.plantedFalseNegatives(), planted.size());
    assertTrue(planted.stream().anyMatch(e -> e.reason().equals("near-duplicate")));
    assertTrue(planted.stream().anyMatch(e -> e.reason().equals("unjudged-relevant")));
    for (String split : List.of("train", "test")) {
      Qrels judged = QrelsReader.read(data.qrels(split));
      Qrels complete = QrelsReader.read(c.resolve(SyntheticCollection.COMPLETE_QRELS_DIR).resolve(split + ".tsv"));
      for (String q : judged.queryIds()) {
        assertTrue(judged.relevantCount(q) >= 1, "every query keeps a judged relevant document");
      }
      for (PlantedFalseNegatives.Entry e : planted) {
        if (!e.split().equals(split)) {
          continue;
        }
        assertTrue(docIds.contains(e.docId()));
        assertFalse(judged.judgments(e.queryId()).containsKey(e.docId()), "planted means unjudged");
        assertEquals(e.grade(), complete.judgments(e.queryId()).get(e.docId()));
      }
    }
  }

  @Test
  void parametersAreValidatedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SyntheticCollection.Parameters(1, 4, 10, 5, 0.5, 0.5, 0.1));
    assertTrue(e.getMessage().contains("docsPerTopic"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new SyntheticCollection.Parameters(1, 4, 40, 5, 1.5, 0.5, 0.1));
    assertTrue(e.getMessage().contains("testFraction"), e.getMessage());
  }

  @Test
  void documentIdsWidenBeyondWhatSixDigitsHoldAndTheLimitIsAClearError() {
    assertEquals(6, SyntheticCollection.idDigits(450_000), "SciFact-like six digits, as before");
    assertEquals(7, SyntheticCollection.idDigits(450_001));
    assertEquals(7, SyntheticCollection.idDigits(3_000_000));
    assertEquals(8, SyntheticCollection.idDigits(8_841_823));
    assertThrows(IllegalArgumentException.class, () -> SyntheticCollection.idDigits(Integer.MAX_VALUE));
  }
}
