package dev.foil.rankers.biencoder;

import dev.foil.index.CandidateSource;
import dev.foil.index.DocIds;
import dev.foil.index.ProgressListener;
import dev.foil.index.data.Query;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.dense.EmbeddingStore;
import dev.foil.index.dense.Encoder;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.vector.ExactVectorIndex;
import dev.foil.samplers.format.Passage;
import dev.foil.samplers.format.TrainingExample;
import dev.foil.samplers.mining.MinerAssembly;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.Miner;
import dev.foil.samplers.pipeline.MiningStats;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Re-mines the training set with the model being trained, as ANCE (Xiong et al., ICLR 2021) and SimANS
 * refresh their negatives: the corpus is searched with the current query tower against the fixed store
 * (query-side training, so nothing is re-encoded), pooled with any other sources (BM25), and the same
 * sampler mines the same queries again, with the reference source chosen by name as {@code foil mine}
 * chooses it (the dense one). Fully fine-tuned models would need the corpus re-encoded every round and are
 * refused.
 */
public final class Remining {
  private final MiningSettings settings;
  private final List<CandidateSource> others;
  private final EmbeddingStore store;
  private final Encoder frozen;
  private final TextLookup texts;
  private final DocIds ids;
  private final int threads;

  /**
   * @param settings sampler, negatives per query, seed, depth and fusion constant of the re-mining
   * @param others sources pooled with the dense one (e.g. BM25), which come first; may be empty
   * @param frozen the encoder that built {@code store}
   * @param texts document texts by corpus ordinal of {@code ids}
   */
  public Remining(MiningSettings settings, List<CandidateSource> others, EmbeddingStore store, Encoder frozen,
      TextLookup texts, DocIds ids, int threads) {
    this.settings = settings;
    this.others = List.copyOf(others);
    this.store = store;
    this.frozen = frozen;
    this.texts = texts;
    this.ids = ids;
    this.threads = threads;
  }

  /** A fresh training set for the same queries and positives, mined with {@code model}. */
  public List<TrainingExample> refresh(BiEncoderModel model, List<TrainingExample> current) throws IOException {
    List<Query> queries = new ArrayList<>();
    List<int[]> positives = new ArrayList<>();
    for (TrainingExample ex : current) {
      if (ex.queryId() == null) {
        throw new IllegalArgumentException("re-mining needs query and document ids: mine with --format ids or tevatron");
      }
      queries.add(new Query(ex.queryId(), ex.query()));
      positives.add(ex.positives().stream().mapToInt(p -> ids.ordinal(p.id()).orElseThrow(
          () -> new IllegalArgumentException("positive " + p.id() + " is not in the corpus"))).toArray());
    }
    if (model.mode() != BiEncoderModel.Mode.QUERY_SIDE) {
      throw new IllegalArgumentException("re-mining needs query-side training (full fine-tuning changes every passage vector)");
    }
    Encoder enc = new TrainingEncoder(model, frozen);
    try (DenseCandidateSource dense = new DenseCandidateSource(enc, store,
        new ExactVectorIndex(store.toArray(), store.dimension(), threads))) {
      List<CandidateSource> sources = new ArrayList<>(others);
      sources.add(dense);
      List<CandidatePool> pools = new PooledCandidateSource(sources, settings.depth(), settings.rrfK())
          .pools(queries, positives, threads, ProgressListener.NONE);
      Miner miner;
      try (MinerAssembly assembly = MinerAssembly.assemble(settings, sources, null, ids, texts, threads)) {
        miner = assembly.miner(texts, ids.size());
      }
      MiningStats stats = new MiningStats();
      List<TrainingExample> out = new ArrayList<>(current.size());
      for (int i = 0; i < current.size(); i++) {
        MinedExample m = miner.mine(pools.get(i), queries.get(i), Set.of(), stats);
        List<Passage> negs = new ArrayList<>();
        for (Negative n : m.negatives()) {
          negs.add(new Passage(ids.id(n.doc()), texts.document(n.doc()).contents(), n.weight()));
        }
        out.add(new TrainingExample(current.get(i).queryId(), current.get(i).query(), current.get(i).positives(), negs));
      }
      return out;
    }
  }
}
