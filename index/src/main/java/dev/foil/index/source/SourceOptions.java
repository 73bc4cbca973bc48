package dev.foil.index.source;

import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import dev.foil.index.vector.VectorBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options naming the candidate sources a job retrieves from (BM25 and/or dense), declared once,
 * and their values turned into source specs: what {@code foil mine}, {@code foil search},
 * {@code foil train cet} and the Spark jobs take.
 */
public final class SourceOptions {
  private static final VectorBackend.Settings DEFAULTS = VectorBackend.Settings.defaults();

  public static final JobOption<Path> INDEX = JobOption.of("index", Path.class, null, "BM25 index built by `foil index`")
      .label("DIR");
  public static final JobOption<Path> DENSE = JobOption.of("dense", Path.class, null,
      "embedding store built by `foil encode`").label("DIR");
  public static final JobOption<String> QUERY_MODEL = JobOption.of("query-model", String.class, null,
      "encode queries with this model (e.g. one fine-tuned query-side by `foil train`) against --dense").label("DIR");
  public static final JobOption<String> SOURCES = JobOption.of("sources", String.class, null,
      "bm25, dense or both, comma-separated (default: whichever of --index and --dense is given)").label("SOURCE");
  public static final JobOption<String> BACKEND = JobOption.of("backend", String.class, null,
      "dense index: faiss, hnsw or exact (default: faiss when its native library loaded, else exact)").label("NAME");
  public static final JobOption<String> FAISS_INDEX = JobOption.of("faiss-index", String.class, DEFAULTS.faissFactory(),
      "FAISS index_factory description, e.g. Flat, HNSW32,Flat, IVF256,Flat").label("FACTORY");
  public static final JobOption<Integer> HNSW_M = JobOption.of("hnsw-m", Integer.class, DEFAULTS.m(),
      "Lucene HNSW connections per node");
  public static final JobOption<Integer> EF_CONSTRUCTION = JobOption.of("ef-construction", Integer.class,
      DEFAULTS.efConstruction(), "HNSW build beam");
  public static final JobOption<Integer> EF_SEARCH = JobOption.of("ef-search", Integer.class, DEFAULTS.efSearch(),
      "HNSW search beam");
  public static final JobOption<Integer> NPROBE = JobOption.of("nprobe", Integer.class, DEFAULTS.nprobe(),
      "IVF lists visited per query");
  public static final JobOption<Double> K1 = JobOption.of("k1", Double.class, null,
      "BM25 k1 (default: the index's, 0.9 unless changed)");
  public static final JobOption<Double> B = JobOption.of("b", Double.class, null,
      "BM25 b (default: the index's, 0.4 unless changed)");

  /** All of them, in help order. */
  public static final List<JobOption<?>> ALL = List.of(INDEX, DENSE, QUERY_MODEL, SOURCES, BACKEND, FAISS_INDEX, HNSW_M,
      EF_CONSTRUCTION, EF_SEARCH, NPROBE, K1, B);

  private SourceOptions() {}

  /**
   * The chosen sources as specs, in the order given (default: BM25, then dense).
   *
   * @throws IllegalArgumentException for an unknown source, or one whose directory is not given
   */
  public static SourceSet chosen(JobOptions.Values v) {
    List<String> names = new ArrayList<>();
    if (v.get(SOURCES) != null) {
      for (String s : v.get(SOURCES).split(",")) {
        String n = s.strip().toLowerCase(Locale.ROOT);
        if (!n.equals(Bm25Source.NAME) && !n.equals(DenseSource.NAME)) {
          throw new IllegalArgumentException("unknown source \"" + s + "\": use bm25 or dense");
        }
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    } else {
      if (v.get(INDEX) != null) {
        names.add(Bm25Source.NAME);
      }
      if (v.get(DENSE) != null) {
        names.add(DenseSource.NAME);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("nothing to search: give --index (BM25) and/or --dense (embedding store)");
    }
    List<SourceSpec> chosen = new ArrayList<>();
    for (String n : names) {
      if (n.equals(Bm25Source.NAME) && v.get(INDEX) == null) {
        throw new IllegalArgumentException("source bm25 needs --index DIR");
      }
      if (n.equals(DenseSource.NAME) && v.get(DENSE) == null) {
        throw new IllegalArgumentException("source dense needs --dense DIR");
      }
      chosen.add(n.equals(Bm25Source.NAME) ? bm25(v) : dense(v));
    }
    return new SourceSet(chosen);
  }

  /** The {@code --index} as a source spec, or {@code null} when not given. */
  public static Bm25Source bm25(JobOptions.Values v) {
    return v.get(INDEX) == null ? null : new Bm25Source(v.get(INDEX), v.get(K1), v.get(B));
  }

  /** The {@code --dense} store as a source spec, or {@code null} when not given. */
  public static DenseSource dense(JobOptions.Values v) {
    return v.get(DENSE) == null ? null : new DenseSource(v.get(DENSE), v.get(QUERY_MODEL),
        v.get(BACKEND) == null ? null : VectorBackend.parse(v.get(BACKEND)), v.get(FAISS_INDEX), v.get(HNSW_M),
        v.get(EF_CONSTRUCTION), v.get(EF_SEARCH), v.get(NPROBE));
  }
}
