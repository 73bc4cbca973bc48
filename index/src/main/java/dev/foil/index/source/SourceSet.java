package dev.foil.index.source;

import dev.foil.index.CandidateSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sources a use case retrieves from, at most one of each kind, in the order their candidates are
 * pooled; and the one rule for the default reference source (whose scores samplers see).
 */
public record SourceSet(List<SourceSpec> specs) {
  public SourceSet {
    specs = List.copyOf(specs);
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("nothing to search: give a BM25 index and/or an embedding store");
    }
    Set<String> seen = new HashSet<>();
    for (SourceSpec s : specs) {
      if (!seen.add(s.name())) {
        throw new IllegalArgumentException("source " + s.name() + " given twice");
      }
    }
  }

  public static SourceSet of(SourceSpec... specs) {
    return new SourceSet(List.of(specs));
  }

  /** The sources' names in pooling order. */
  public List<String> names() {
    return specs.stream().map(SourceSpec::name).toList();
  }

  /**
   * The default reference source among {@code names}: {@code dense} when present (a dense model's
   * scores separate hard from easy negatives better than BM25's), else the first. The mining
   * command, the embedded API and experiment steps all take their default from here.
   */
  public static String defaultReference(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no sources");
    }
    return names.contains(DenseSource.NAME) ? DenseSource.NAME : names.get(0);
  }

  /** {@link #defaultReference(List)} of these sources. */
  public String defaultReference() {
    return defaultReference(names());
  }

  /**
   * The position of source {@code name} in the pooling order.
   *
   * @param role what the source is asked for, for the error ("score source", "teacher")
   * @throws IllegalArgumentException naming the sources when it is not among them
   */
  public int indexOf(String name, String role) {
    int i = names().indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(role + " " + name + " is not among the sources " + names());
    }
    return i;
  }

  public Optional<Bm25Source> bm25() {
    return specs.stream().filter(Bm25Source.class::isInstance).map(Bm25Source.class::cast).findFirst();
  }

  public Optional<DenseSource> dense() {
    return specs.stream().filter(DenseSource.class::isInstance).map(DenseSource.class::cast).findFirst();
  }

  /** Opens every source in order; when one fails, those already open are closed. The caller closes the rest. */
  public Opened open(int threads) throws IOException {
    List<CandidateSource> opened = new ArrayList<>();
    try {
      for (SourceSpec s : specs) {
        opened.add(s.open(threads));
      }
      return new Opened(opened);
    } catch (IOException | RuntimeException e) {
      for (CandidateSource c : opened) {
        try {
          c.close();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Open sources in pooling order; closing closes them all. */
  public record Opened(List<CandidateSource> sources) implements AutoCloseable {
    public Opened {
      sources = List.copyOf(sources);
    }

    @Override
    public void close() throws IOException {
      CandidateSource.closeAll(sources);
    }
  }
}
