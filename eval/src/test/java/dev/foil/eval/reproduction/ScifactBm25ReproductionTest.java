package dev.foil.eval.reproduction;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.Bm25Indexer;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.run.TrecRunReader;
import dev.foil.index.run.TrecRunWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproduces Anserini's published BM25 "flat" figures on BEIR SciFact test (nDCG@10 0.6789,
 * R@100 0.9253, R@1000 0.9767) from the real data in ../shared/data, through a run file on disk.
 */
class ScifactBm25ReproductionTest {
  @TempDir Path tmp;

  @Test
  void bm25MatchesAnseriniOnScifactTest() throws Exception {
    Path dir = SharedData.require("scifact");
    BeirDataset data = BeirDataset.at(dir);
    IndexManifest m = Bm25Indexer.anseriniDefaults().build(data.corpus(), tmp.resolve("index"), false, ProgressListener.NONE);
    assertEquals(5183, m.documents());
    assertEquals(838_128, m.totalTerms(), "Anserini's index statistics report 838,128 terms");

    Qrels qrels = QrelsReader.read(data.qrels("test"));
    List<Query> queries = QueriesReader.read(data.queries()).stream()
        .filter(q -> qrels.queryIds().contains(q.id())).toList();
    assertEquals(300, queries.size());
    Path run = tmp.resolve("run.trec");
    try (Bm25Index bm25 = Bm25Index.open(tmp.resolve("index"))) {
      List<CandidateList> lists = bm25.retrieveAll(queries, 1000);
      TrecRunWriter.write(run, lists, bm25.docIds(), "foil-bm25");
    }
    Evaluation e = new TrecEvaluator(Metric.parseList("ndcg@10,recall@100,recall@1000")).evaluate(qrels, TrecRunReader.read(run));
    assertEquals(0.679, e.mean("ndcg@10"), 0.003);
    assertEquals(0.925, e.mean("recall@100"), 0.005);
    assertEquals(0.977, e.mean("recall@1000"), 0.005);
  }
}
