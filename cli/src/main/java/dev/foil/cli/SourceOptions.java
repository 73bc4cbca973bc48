package dev.foil.cli;

import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.DenseSource;
import dev.foil.index.source.SourceSet;
import dev.foil.index.source.SourceSpec;
import dev.foil.index.vector.VectorBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The flags naming the candidate sources a command retrieves from (BM25 and/or dense), turned into source specs. */
final class SourceOptions {
  @Option(names = "--index", paramLabel = "DIR", description = "BM25 index built by `foil index`")
  Path index;

  @Option(names = "--dense", paramLabel = "DIR", description = "embedding store built by `foil encode`")
  Path dense;

  @Option(names = "--query-model", paramLabel = "DIR",
      description = "encode queries with this model (e.g. one fine-tuned query-side by `foil train`) against --dense")
  String queryModel;

  @Option(names = "--sources", split = ",", paramLabel = "SOURCE",
      description = "bm25, dense or both (default: whichever of --index and --dense is given)")
  List<String> sources;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "dense index: faiss, hnsw or exact (default: faiss when its native library loaded, else exact)")
  String backend;

  @Option(names = "--faiss-index", defaultValue = "Flat",
      description = "FAISS index_factory description, e.g. Flat, HNSW32,Flat, IVF256,Flat (default: ${DEFAULT-VALUE})")
  String faissFactory;

  @Option(names = "--hnsw-m", defaultValue = "16", description = "Lucene HNSW connections per node (default: ${DEFAULT-VALUE})")
  int hnswM;

  @Option(names = "--ef-construction", defaultValue = "100", description = "HNSW build beam (default: ${DEFAULT-VALUE})")
  int efConstruction;

  @Option(names = "--ef-search", defaultValue = "128", description = "HNSW search beam (default: ${DEFAULT-VALUE})")
  int efSearch;

  @Option(names = "--nprobe", defaultValue = "16", description = "IVF lists visited per query (default: ${DEFAULT-VALUE})")
  int nprobe;

  @Option(names = "--k1", description = "BM25 k1 (default: the index's, 0.9 unless changed)")
  Double k1;

  @Option(names = "--b", description = "BM25 b (default: the index's, 0.4 unless changed)")
  Double b;

  /** The chosen sources as specs, in the order given (default: BM25, then dense). */
  SourceSet chosen() {
    List<SourceSpec> chosen = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (sources != null) {
      for (String s : sources) {
        String n = s.strip().toLowerCase(Locale.ROOT);
        if (!n.equals(Bm25Source.NAME) && !n.equals(DenseSource.NAME)) {
          throw new IllegalArgumentException("unknown source \"" + s + "\": use bm25 or dense");
        }
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    } else {
      if (index != null) {
        names.add(Bm25Source.NAME);
      }
      if (dense != null) {
        names.add(DenseSource.NAME);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("nothing to search: give --index (BM25) and/or --dense (embedding store)");
    }
    for (String n : names) {
      if (n.equals(Bm25Source.NAME) && index == null) {
        throw new IllegalArgumentException("source bm25 needs --index DIR");
      }
      if (n.equals(DenseSource.NAME) && dense == null) {
        throw new IllegalArgumentException("source dense needs --dense DIR");
      }
      chosen.add(n.equals(Bm25Source.NAME) ? bm25() : dense());
    }
    return new SourceSet(chosen);
  }

  /** The --index as a source spec, or {@code null} when not given. */
  Bm25Source bm25() {
    return index == null ? null : new Bm25Source(index, k1, b);
  }

  /** The --dense store as a source spec, or {@code null} when not given. */
  DenseSource dense() {
    return dense == null ? null : new DenseSource(dense, queryModel, backend == null ? null : VectorBackend.parse(backend),
        faissFactory, hnswM, efConstruction, efSearch, nprobe);
  }
}
