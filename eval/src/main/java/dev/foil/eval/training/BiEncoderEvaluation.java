package dev.foil.eval.training;

import dev.foil.eval.metrics.Metric;
import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.BeirTexts;
import dev.foil.index.data.JudgedQueries;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.Query;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.rankers.biencoder.BiEncoderModel;
import dev.foil.rankers.biencoder.BiEncoderTrainer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per-epoch dense evaluation of a bi-encoder being trained, against the store's documents: query
 * vectors from the model; passage vectors from the store (query-side) or re-encoded by the model (full).
 */
public final class BiEncoderEvaluation {
  /** What it reports: nDCG@10 and recall@100 over the top 100. */
  public static final String METRICS = "ndcg@10,recall@100";

  private BiEncoderEvaluation() {}

  /** Hooks evaluating on {@code dataset}'s qrels of {@code split}. */
  public static BiEncoderTrainer.Hooks hooks(BeirDataset dataset, String split, EmbeddingStore store,
      BiEncoderModel.Mode mode, int threads, Consumer<String> warnings) throws IOException {
    Qrels qrels = QrelsReader.read(dataset.qrels(split));
    List<Query> queries = JudgedQueries.select(dataset.queries(), dataset.qrels(split), store.docIds(), warnings);
    DenseEvaluation eval = new DenseEvaluation(queries, qrels, store.docIds(), Metric.parseList(METRICS), 100, threads);
    List<String> queryTexts = queries.stream().map(Query::text).toList();
    // Read once: the store's vectors, or the corpus texts (in store order) that a full model re-encodes.
    float[] fixedPassages = mode == BiEncoderModel.Mode.QUERY_SIDE ? store.toArray() : null;
    List<String> corpus = fixedPassages == null ? List.copyOf(BeirTexts.load(dataset).passages().values()) : null;
    return new BiEncoderTrainer.Hooks() {
      @Override
      public Map<String, Double> evaluate(BiEncoderModel model) {
        float[] passages = fixedPassages != null ? fixedPassages : model.encode(corpus, true, 16);
        return eval.evaluate(model.encode(queryTexts, false, 32), passages, store.dimension());
      }
    };
  }
}
