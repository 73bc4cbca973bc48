package dev.foil.cli;

import dev.foil.index.CandidateSource;
import dev.foil.index.dense.DenseCandidateSource;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.lucene.Bm25Parameters;
import dev.foil.index.lucene.IndexManifest;
import dev.foil.index.vector.VectorBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The candidate sources a command retrieves from: BM25 and/or dense, and how to open them. */
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

  /** The chosen source names, validated against the given directories. */
  List<String> chosen() {
    List<String> chosen = new ArrayList<>();
    if (sources != null) {
      for (String s : sources) {
        String n = s.strip().toLowerCase(Locale.ROOT);
        if (!n.equals("bm25") && !n.equals("dense")) {
          throw new IllegalArgumentException("unknown source \"" + s + "\": use bm25 or dense");
        }
        if (!chosen.contains(n)) {
          chosen.add(n);
        }
      }
    } else {
      if (index != null) {
        chosen.add("bm25");
      }
      if (dense != null) {
        chosen.add("dense");
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("nothing to search: give --index (BM25) and/or --dense (embedding store)");
    }
    if (chosen.contains("bm25") && index == null) {
      throw new IllegalArgumentException("source bm25 needs --index DIR");
    }
    if (chosen.contains("dense") && dense == null) {
      throw new IllegalArgumentException("source dense needs --dense DIR");
    }
    return chosen;
  }

  /** Opens source {@code name} ({@code bm25} or {@code dense}). */
  CandidateSource open(String name, int threads) throws Exception {
    if (name.equals("bm25")) {
      return openBm25();
    }
    VectorBackend chosen = backend == null ? VectorBackend.preferred() : VectorBackend.parse(backend);
    var settings = new VectorBackend.Settings(faissFactory, hnswM, efConstruction, efSearch, nprobe, threads);
    return DenseCandidateSource.open(dense, queryModel, chosen, settings, threads);
  }

  /** The BM25 index with its own defaults, overridden by whichever of k1 and b is given. */
  Bm25Index openBm25() throws Exception {
    Bm25Parameters defaults = IndexManifest.read(index).bm25();
    return Bm25Index.open(index, new Bm25Parameters(k1 == null ? defaults.k1() : k1, b == null ? defaults.b() : b));
  }
}
