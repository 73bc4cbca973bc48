package dev.foil.eval.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ranking metric with an optional rank cutoff, parsed from names such as {@code ndcg@10},
 * {@code recall@100}, {@code rr@10} (alias {@code mrr@10}), {@code map}, {@code map@100} or
 * {@code p@10}. Each matches a trec_eval measure; see {@link Kind}.
 *
 * @param kind which measure
 * @param cutoff the rank cutoff, or 0 for none
 */
public record Metric(Kind kind, int cutoff) {

  /** The measures, with the trec_eval measure each reproduces. */
  public enum Kind {
    /** Normalised DCG with linear gains (trec_eval {@code ndcg_cut.k}; {@code ndcg} without a cutoff). */
    NDCG("ndcg", false),
    /** Reciprocal rank of the first relevant document within the cutoff (trec_eval {@code recip_rank}). */
    RR("rr", false),
    /** Fraction of the relevant documents retrieved within the cutoff (trec_eval {@code recall.k}). */
    RECALL("recall", true),
    /** Average precision (trec_eval {@code map}; {@code map_cut.k} with a cutoff). */
    AP("map", false),
    /** Precision at the cutoff, counting missing ranks as non-relevant (trec_eval {@code P.k}). */
    P("p", true);

    private final String label;
    private final boolean needsCutoff;

    Kind(String label, boolean needsCutoff) {
      this.label = label;
      this.needsCutoff = needsCutoff;
    }
  }

  public Metric {
    if (cutoff < 0) {
      throw new IllegalArgumentException("illegal cutoff: " + cutoff + ", must be at least 1");
    }
    if (kind.needsCutoff && cutoff == 0) {
      throw new IllegalArgumentException(kind.label + " needs a cutoff, such as " + kind.label + "@100");
    }
  }

  /**
   * Parses one metric name.
   *
   * @throws IllegalArgumentException naming the bad metric and the accepted forms
   */
  public static Metric parse(String name) {
    String s = name.strip().toLowerCase(Locale.ROOT);
    int at = s.indexOf('@');
    String base = at < 0 ? s : s.substring(0, at);
    int cutoff = 0;
    if (at >= 0) {
      String c = s.substring(at + 1);
      try {
        cutoff = Integer.parseInt(c);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("illegal metric \"" + name + "\": cutoff \"" + c + "\" is not a number");
      }
      if (cutoff < 1) {
        throw new IllegalArgumentException("illegal metric \"" + name + "\": cutoff must be at least 1");
      }
    }
    Kind kind =
        switch (base) {
          case "ndcg" -> Kind.NDCG;
          case "rr", "mrr", "recip_rank" -> Kind.RR;
          case "recall", "r" -> Kind.RECALL;
          case "map", "ap" -> Kind.AP;
          case "p", "precision" -> Kind.P;
          default ->
              throw new IllegalArgumentException(
                  "unknown metric \"" + name + "\": use ndcg@k, rr@k (mrr@k), recall@k, map, map@k or p@k");
        };
    return new Metric(kind, cutoff);
  }

  /** Parses a comma-separated list such as {@code ndcg@10,recall@100}. */
  public static List<Metric> parseList(String names) {
    List<Metric> out = new ArrayList<>();
    for (String n : names.split(",")) {
      if (!n.isBlank()) {
        out.add(parse(n));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no metric given");
    }
    return out;
  }

  /** The canonical name, which {@link #parse} reads back. */
  public String name() {
    return cutoff == 0 ? kind.label : kind.label + "@" + cutoff;
  }

  /** The trec_eval measure this metric reproduces, e.g. {@code ndcg_cut.10}. */
  public String trecEvalName() {
    return switch (kind) {
      case NDCG -> cutoff == 0 ? "ndcg" : "ndcg_cut." + cutoff;
      case RR -> cutoff == 0 ? "recip_rank" : "recip_rank (run cut at " + cutoff + ")";
      case RECALL -> "recall." + cutoff;
      case AP -> cutoff == 0 ? "map" : "map_cut." + cutoff;
      case P -> "P." + cutoff;
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
