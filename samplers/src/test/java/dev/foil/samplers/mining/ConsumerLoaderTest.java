package dev.foil.samplers.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.SourceSet;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.index.synthetic.SyntheticIndex;
import dev.foil.samplers.format.TrainingFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mined files read the way their consumers read them: FlagEmbedding's loader takes {@code pos_scores} and
 * {@code neg_scores} as lists of numbers as long as {@code pos} and {@code neg}, and raises on a
 * {@code null}. Negatives the pool does not hold — every one of the {@code random} sampler's, and top-ups —
 * get the reference source's own score, so no score is ever missing.
 */
class ConsumerLoaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path collection;

  @BeforeAll
  static void collection() throws Exception {
    collection = SyntheticIndex.write(dir.resolve("c"), new SyntheticCollection.Parameters(4, 8, 40, 6, 0.5, 0.5, 0.1));
  }

  private static List<JsonNode> mine(String sampler, int depth, TrainingFormat format, String name) throws Exception {
    Path out = dir.resolve(name + ".jsonl");
    MiningService.Job job = MiningService.Job.of(collection.resolve("queries.jsonl"),
        collection.resolve("qrels/train.tsv"), SourceSet.of(Bm25Source.of(collection.resolve("index"))), out);
    MiningSettings settings = MiningSettings.defaults().withSampler(sampler).withN(8).withDepth(depth, 60)
        .withFormat(format);
    MiningService.mine(job, settings, new MiningService.Execution(16, 2, false), ProgressListener.NONE, w -> {});
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      rows.add(JSON.readTree(line));
    }
    assertTrue(rows.size() >= 10, "rows " + rows.size());
    return rows;
  }

  /** Every row as FlagEmbedding reads it: strings, lists of strings, and a number for every passage. */
  private static void assertFlagEmbeddingReads(List<JsonNode> rows) {
    for (JsonNode row : rows) {
      assertTrue(row.get("query").isTextual());
      for (String[] pair : new String[][] {{"pos", "pos_scores"}, {"neg", "neg_scores"}}) {
        JsonNode texts = row.get(pair[0]);
        JsonNode scores = row.get(pair[1]);
        assertTrue(texts.isArray() && scores.isArray(), pair[0]);
        assertEquals(texts.size(), scores.size(), pair[1] + " as long as " + pair[0]);
        for (int i = 0; i < texts.size(); i++) {
          assertTrue(texts.get(i).isTextual(), pair[0]);
          assertTrue(scores.get(i).isNumber(), pair[1] + "[" + i + "] is " + scores.get(i) + " in " + row.get("query"));
        }
      }
    }
  }

  @Test
  void randomNegativesAndTopUpsCarryNumbersInBge() throws Exception {
    assertFlagEmbeddingReads(mine("random", 200, TrainingFormat.BGE, "random"));
    // A pool of 3 cannot hold 8 negatives: most come from top-ups.
    assertFlagEmbeddingReads(mine("top-k", 3, TrainingFormat.BGE, "top-ups"));
  }

  /**
   * Tevatron's loader reads {@code query_id}, {@code query} and lists of {@code {docid, title, text}}
   * strings; sentence-transformers reads string columns by position — for every sampler's rows.
   */
  @Test
  void theOtherLayoutsHoldTheTypesTheirLoadersRead() throws Exception {
    for (JsonNode row : mine("random", 200, TrainingFormat.TEVATRON, "tevatron")) {
      assertTrue(row.get("query_id").isTextual() && row.get("query").isTextual());
      for (String list : new String[] {"positive_passages", "negative_passages"}) {
        assertTrue(row.get(list).isArray() && !row.get(list).isEmpty(), list);
        for (JsonNode p : row.get(list)) {
          for (String f : new String[] {"docid", "title", "text"}) {
            assertTrue(p.get(f).isTextual(), list + "." + f);
          }
        }
      }
    }
    for (TrainingFormat f : new TrainingFormat[] {TrainingFormat.ST_TRIPLET, TrainingFormat.ST_NTUPLE}) {
      for (JsonNode row : mine("random", 200, f, f.label())) {
        assertTrue(row.size() >= 3, f.label());
        row.fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(), f.label() + "." + e.getKey()));
      }
    }
  }

  /** The score written for a negative outside the pool is BM25's score of that document, not a stand-in. */
  @Test
  void aScoreFromOutsideThePoolIsTheSourcesOwn() throws Exception {
    List<JsonNode> rows = mine("top-k", 3, TrainingFormat.IDS, "ids");
    Map<String, String> queries = new HashMap<>();
    for (String line : Files.readAllLines(collection.resolve("queries.jsonl"))) {
      JsonNode q = JSON.readTree(line);
      queries.put(q.get("_id").asText(), q.get("text").asText());
    }
    int checked = 0;
    try (Bm25Index bm25 = Bm25Index.open(collection.resolve("index"))) {
      for (JsonNode row : rows) {
        String qid = row.get("query_id").asText();
        for (JsonNode neg : row.get("negatives")) {
          if (neg.get("top_up").asBoolean()) {
            int doc = bm25.docIds().ordinal(neg.get("docid").asText()).orElseThrow();
            float expected = bm25.score(new Query(qid, queries.get(qid)), new int[] {doc})[0];
            assertEquals(expected, neg.get("score").floatValue(), 1e-6f, qid + " " + neg.get("docid"));
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 50, "top-ups checked: " + checked);
  }
}
