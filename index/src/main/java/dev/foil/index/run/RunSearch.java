package dev.foil.index.run;

import dev.foil.index.CandidateList;
import dev.foil.index.CandidateSource;
import dev.foil.index.ProgressListener;
import dev.foil.index.SelfMatchExclusion;
import dev.foil.index.data.JudgedQueries;
import dev.foil.index.data.Query;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.source.SourceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Searching a query set into a TREC run, the use case behind {@code foil search}: one source, or
 * several pooled and fused by reciprocal rank; the run is written atomically.
 */
public final class RunSearch {
  private RunSearch() {}

  /**
   * What to search.
   *
   * @param qrels search only the queries judged here, or {@code null} for all
   * @param k hits per query
   * @param depth candidates taken from each source before fusion (several sources only)
   * @param rrfK the RRF rank constant
   * @param excludeSelf drop the document whose id equals the query id (Anserini's {@code -removeQuery})
   * @param tag the run tag, or {@code null} for {@code foil-<source>} or {@code foil-rrf}
   */
  public record Job(Path queries, Path qrels, SourceSet sources, int k, int depth, int rrfK, boolean excludeSelf,
      String tag, Path out) {
    public Job {
      Objects.requireNonNull(queries, "queries");
      Objects.requireNonNull(sources, "sources");
      Objects.requireNonNull(out, "out");
      if (k < 1) {
        throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
      }
    }
  }

  /** The outcome of a search: how many queries and hits were written. */
  public record Result(int queries, long hits, double seconds) {}

  /** Opens the sources, searches and writes the run. */
  public static Result search(Job job, int threads, ProgressListener progress, Consumer<String> warnings)
      throws IOException {
    try (SourceSet.Opened opened = job.sources().open(threads)) {
      CandidateSource source = opened.sources().size() == 1 ? opened.sources().get(0)
          : new PooledCandidateSource(opened.sources(), job.depth(), job.rrfK());
      String tag = job.tag() != null ? job.tag()
          : "foil-" + (opened.sources().size() == 1 ? job.sources().names().get(0) : "rrf");
      return search(source, job.queries(), job.qrels(), job.k(), job.excludeSelf(), threads, job.out(), tag, progress,
          warnings);
    }
  }

  /** Searches an open source and writes the run. */
  public static Result search(CandidateSource source, Path queriesFile, Path qrelsFile, int k, boolean excludeSelf,
      int threads, Path out, String tag, ProgressListener progress, Consumer<String> warnings) throws IOException {
    if (k < 1) {
      throw new IllegalArgumentException("illegal k value: " + k + ", must be at least 1");
    }
    long t0 = System.nanoTime();
    List<Query> selected = JudgedQueries.select(queriesFile, qrelsFile, source.docIds(), warnings);
    CandidateSource s = excludeSelf ? new SelfMatchExclusion(source) : source;
    List<CandidateList> lists = s.retrieveAll(selected, k, threads, progress);
    TrecRunWriter.write(out, lists, source.docIds(), tag);
    long hits = lists.stream().mapToLong(CandidateList::size).sum();
    return new Result(selected.size(), hits, (System.nanoTime() - t0) / 1e9);
  }
}
