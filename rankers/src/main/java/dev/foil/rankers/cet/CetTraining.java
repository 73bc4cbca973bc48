package dev.foil.rankers.cet;

import dev.foil.index.ProgressListener;
import dev.foil.index.fusion.CandidatePool;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.SourceSet;
import dev.foil.samplers.mining.Anchors;
import dev.foil.samplers.mining.MiningRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Learning CET's selection model from the pools of judged training queries (Cai et al., CIKM 2022),
 * the use case behind {@code foil train cet}; {@code foil mine --cet DIR} uses the model it writes.
 */
public final class CetTraining {
  private CetTraining() {}

  /**
   * What to learn from.
   *
   * @param reference the source whose ranks decide selection, or {@code null} for {@link #defaultReference}
   * @param depth candidates per source
   * @param unranked the rank assumed for unranked candidates
   */
  public record Job(Path queries, Path qrels, SourceSet sources, String reference, int depth, int rounds, int unranked,
      Path out) {
    public Job {
      Objects.requireNonNull(queries, "queries");
      Objects.requireNonNull(qrels, "qrels");
      Objects.requireNonNull(sources, "sources");
      Objects.requireNonNull(out, "out");
    }
  }

  /** What was learned, from how many pools, in how long. */
  public record Result(CetTrainer.Result trained, List<String> sources, String reference, int pools, double seconds) {}

  /**
   * The selection model's default reference: BM25 when pooled, the source that decided what the
   * assessors saw in the pooled judgments of TREC-style collections; else the first source.
   */
  public static String defaultReference(List<String> names) {
    return names.contains(Bm25Source.NAME) ? Bm25Source.NAME : names.get(0);
  }

  /** Learns the model and writes it to {@code job.out()}. */
  public static Result train(Job job, int threads, ProgressListener progress, Consumer<String> warnings)
      throws IOException {
    List<String> names = job.sources().names();
    String ref = job.reference() != null ? job.reference().toLowerCase(Locale.ROOT) : defaultReference(names);
    int refIndex = job.sources().indexOf(ref, "reference");
    try (SourceSet.Opened opened = job.sources().open(threads)) {
      List<MiningRun.Anchor> anchors = Anchors.read(job.queries(), job.qrels(), opened.sources().get(0).docIds(),
          warnings);
      PooledCandidateSource pool = new PooledCandidateSource(opened.sources(), job.depth(),
          PooledCandidateSource.DEFAULT_RRF_K);
      List<CandidatePool> pools = pool.pools(anchors.stream().map(MiningRun.Anchor::query).toList(),
          anchors.stream().map(MiningRun.Anchor::positives).toList(), threads, progress);
      long t0 = System.nanoTime();
      CetTrainer.Result r = CetTrainer.train(pools, refIndex, job.unranked(), job.rounds());
      r.model().save(job.out());
      return new Result(r, names, ref, pools.size(), (System.nanoTime() - t0) / 1e9);
    }
  }
}
