package dev.foil.eval.reproduction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.eval.metrics.Evaluation;
import dev.foil.eval.metrics.Metric;
import dev.foil.eval.metrics.TrecEvaluator;
import dev.foil.index.CandidateList;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Query;
import dev.foil.index.data.SharedData;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.dense.EmbeddingStoreBuilder;
import dev.foil.index.dense.EncoderModel;
import dev.foil.index.dense.OnnxEncoder;
import dev.foil.index.run.Run;
import dev.foil.index.run.TrecRunReader;
import dev.foil.index.run.TrecRunWriter;
import dev.foil.index.vector.FaissRequirement;
import dev.foil.index.vector.VectorBackend;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MiniLM on BEIR SciFact test, end to end from the real data: nDCG@10 within 0.01 of MTEB's 0.645 for
 * all-MiniLM-L6-v2, and FAISS Flat returning the exact Java index's documents for every query.
 */
class ScifactDenseReproductionTest {
  @TempDir Path tmp;

  @Test
  void miniLmMatchesMtebAndFaissFlatMatchesExactSearch() throws Exception {
    FaissRequirement.require();
    Path dir = SharedData.require("scifact");
    BeirDataset data = BeirDataset.at(dir);
    Path store = tmp.resolve("store");
    try (OnnxEncoder enc = new OnnxEncoder(EncoderModel.resolve("minilm"), 256, 8, 2)) {
      EmbeddingStoreBuilder.build(data.corpus(), enc, store, ProgressListener.NONE, w -> {});
    }
    Qrels qrels = QrelsReader.read(data.qrels("test"));
    List<Query> queries = QueriesReader.read(data.queries()).stream()
        .filter(q -> qrels.queryIds().contains(q.id())).toList();
    VectorBackend.Settings settings = new VectorBackend.Settings("Flat", 16, 100, 128, 16, 2);
    List<CandidateList> exact;
    List<CandidateList> faiss;
    Path run = tmp.resolve("run.trec");
    try (DenseCandidateSource d = DenseCandidateSource.open(store, VectorBackend.EXACT, settings, 2)) {
      exact = d.retrieveAll(queries, 1000);
      TrecRunWriter.write(run, exact, d.docIds(), "foil-dense");
    }
    try (DenseCandidateSource d = DenseCandidateSource.open(store, VectorBackend.FAISS, settings, 2)) {
      faiss = d.retrieveAll(queries, 1000);
    }
    Run r = TrecRunReader.read(run);
    Evaluation e = new TrecEvaluator(Metric.parseList("ndcg@10")).evaluate(qrels, r);
    assertEquals(0.645, e.mean("ndcg@10"), 0.01);

    for (int q = 0; q < queries.size(); q++) {
      CandidateList a = exact.get(q);
      CandidateList b = faiss.get(q);
      HashSet<Integer> ids = new HashSet<>();
      for (int doc : a.docs()) {
        ids.add(doc);
      }
      for (int i = 0; i < a.size(); i++) {
        assertTrue(ids.contains(b.doc(i)), "query " + a.queryId() + ": FAISS returned a document exact search did not");
        assertEquals(a.score(i), b.score(i), 1e-5, "query " + a.queryId() + " rank " + (i + 1));
      }
    }
  }
}
