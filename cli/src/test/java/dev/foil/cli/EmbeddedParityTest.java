package dev.foil.cli;

import static dev.foil.cli.FoilCommandLineTest.foil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.CandidateSource;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Query;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.DenseSource;
import dev.foil.index.source.SourceSet;
import dev.foil.index.synthetic.PlantedFalseNegatives;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.mining.MiningManifest;
import dev.foil.samplers.pipeline.Explanation;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded API and {@code foil mine} are one use case: for the same sources, settings and seed,
 * the negatives {@code Foil.negatives} returns are, query by query, those {@code foil mine} writes,
 * with every option the command has (pooled sources, the default score source, a false-negative
 * adapter, CET weights, planted negatives).
 */
class EmbeddedParityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path collection;
  static Path index;
  static Path store;

  @BeforeAll
  static void encodeAndIndex() throws Exception {
    collection = dir.resolve("collection");
    SyntheticCollection.write(new SyntheticCollection.Parameters(8, 4, 40, 8, 0.25, 0.5, 0.1), collection, false);
    index = dir.resolve("index");
    store = dir.resolve("store");
    assertEquals(0, foil("index", "--corpus", collection.toString(), "--index", index.toString(), "--quiet").code());
    var encoded = foil("encode", "--corpus", collection.toString(), "--model", "minilm", "--max-length", "48",
        "--out", store.toString(), "--quiet");
    assertEquals(0, encoded.code(), encoded.err());
  }

  @Test
  void embeddedNegativesEqualTheLinesFoilMineWrites() throws Exception {
    Path out = dir.resolve("mined.jsonl");
    String sampler = "simans(a=1,b=0)";
    var mined = foil("mine", "--queries", collection.resolve("queries.jsonl").toString(), "--split", "train",
        "--index", index.toString(), "--dense", store.toString(), "--sampler", sampler, "--negatives", "6", "--seed", "11",
        "--fn-adapter", "fn-reweight", "--fn-teacher", "bm25", "--fn-temperature", "0.5",
        "--cet", "rank-propensity(r0=5,eta=0.8)", "--format", "ids", "--explain", "--threads", "2", "--out",
        out.toString(), "--quiet");
    assertEquals(0, mined.code(), mined.err());
    MiningManifest manifest = MiningManifest.readFor(out);
    assertEquals("dense", manifest.parameters().scoreSource(), "the default score source of a pooled mine");
    assertTrue(manifest.falseNegativeRate() != null, "the generated collection plants false negatives");

    Map<String, Query> queries = QueriesReader.read(collection.resolve("queries.jsonl")).stream()
        .collect(Collectors.toMap(Query::id, Function.identity()));
    Map<String, List<String>> planted = new HashMap<>();
    for (var e : PlantedFalseNegatives.readFile(collection.resolve(SyntheticCollection.PLANTED_FILE))) {
      planted.computeIfAbsent(e.queryId(), k -> new ArrayList<>()).add(e.docId());
    }
    SourceSet sources = SourceSet.of(Bm25Source.of(index), DenseSource.of(store));
    int lines = 0;
    try (SourceSet.Opened opened = sources.open(2)) {
      Foil.Builder b = Foil.builder().sampler(sampler).seed(11).falseNegativeAdapter("fn-reweight")
          .falseNegativeTeacher("bm25").falseNegativeTemperature(0.5).cet("rank-propensity(r0=5,eta=0.8)")
          .texts(TextLookup.of((Bm25Index) opened.sources().get(0))).planted(planted);
      for (CandidateSource s : opened.sources()) {
        b.source(s);
      }
      try (Foil foil = b.build()) {
        assertEquals("dense", foil.scoreSource());
        for (String line : Files.readAllLines(out)) {
          JsonNode n = JSON.readTree(line);
          List<String> positives = new ArrayList<>();
          n.get("positives").forEach(p -> positives.add(p.asText()));
          Query query = queries.get(n.get("query_id").asText());
          List<Negative> embedded = foil.negatives(query, positives, 6);
          MinedExample explained = foil.explain(query, positives, 6);
          assertEquals(embedded, explained.negatives(), "explaining changes no negative");
          JsonNode written = n.get("negatives");
          assertEquals(written.size(), embedded.size(), line);
          for (int i = 0; i < embedded.size(); i++) {
            Negative e = embedded.get(i);
            JsonNode w = written.get(i);
            String at = n.get("query_id").asText() + " negative " + i;
            assertEquals(w.get("docid").asText(), foil.docIds().id(e.doc()), at);
            assertEquals(w.get("rank").asInt(), e.rank(), at);
            assertEquals(w.get("score").isNull() ? Float.NaN : w.get("score").floatValue(), e.score(), at);
            assertEquals(w.get("weight").asDouble(), e.weight(), at);
            assertEquals(w.get("source").asText(), e.source(), at);
            assertEquals(w.get("reason").asText(), e.reason(), at);
            assertEquals(w.get("top_up").asBoolean(), e.topUp(), at);
            Explanation x = explained.explanations().get(i);
            assertEquals(w.at("/explain/kept_by").asText(), x.keptBy(), at);
            assertEquals(w.at("/explain/probability").isNull() ? null : w.at("/explain/probability").asDouble(),
                x.probability(), at);
            assertEquals(w.at("/explain/weight_factors/cet").asDouble(), x.weightFactors().get("cet"), at);
          }
          lines++;
        }
        assertEquals(manifest.counts().anchors, lines);
        assertEquals(2 * manifest.counts().negatives, foil.miningStats().negatives, "each query was mined twice");
        assertEquals(manifest.falseNegativeRate(), foil.miningStats().falseNegativeRate(), 1e-12);
        assertTrue(foil.miningStats().negatives > 0 && lines >= 20, "enough queries to mean something: " + lines);
      }
    }
  }

  /**
   * A query's dense scores do not depend on the queries that share its chunk (FAISS computes batches of
   * 20 or more with BLAS, smaller ones with its own kernel), so the chunk size never changes the file.
   */
  @Test
  void denseMiningDoesNotDependOnTheChunk() throws Exception {
    List<byte[]> files = new ArrayList<>();
    for (String chunk : List.of("3", "64")) {
      Path out = dir.resolve("chunk-" + chunk + ".jsonl");
      var r = foil("mine", "--queries", collection.resolve("queries.jsonl").toString(), "--split", "train",
          "--index", index.toString(), "--dense", store.toString(), "--sources", "dense", "--negatives", "4",
          "--format", "ids", "--chunk", chunk, "--out", out.toString(), "--quiet");
      assertEquals(0, r.code(), r.err());
      files.add(Files.readAllBytes(out));
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(files.get(0), files.get(1));
  }
}
