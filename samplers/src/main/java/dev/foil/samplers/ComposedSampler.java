package dev.foil.samplers;

import dev.foil.samplers.plugin.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Filters, then a sampler, in one spec: {@code window(10,210) | relative-margin(0.05) | simans-z(a=4,b=0)}
 * keeps the candidates every filter admits, in turn, and lets the last stage draw from them — what
 * sentence-transformers' {@code mine_hard_negatives} does with {@code range_min/range_max}, the margins,
 * {@code max_score/min_score} and a sampling strategy, as one pipeline whose stages each report how many
 * candidates they kept ({@code foil mine} writes them to the manifest). Filters are the samplers whose rule
 * admits candidates ({@link NegativeSampler#admits}): rank and score windows, margins, score bounds.
 */
public final class ComposedSampler implements NegativeSampler {
  private final List<NegativeSampler> filters;
  private final NegativeSampler last;

  private ComposedSampler(List<NegativeSampler> filters, NegativeSampler last) {
    this.filters = List.copyOf(filters);
    this.last = last;
  }

  /**
   * The composition of {@code stages}: all but the last must be filters.
   *
   * @throws IllegalArgumentException naming a stage that cannot filter
   */
  public static ComposedSampler of(List<NegativeSampler> stages) {
    if (stages.size() < 2) {
      throw new IllegalArgumentException("a composition needs a filter and a sampler: filter | … | sampler");
    }
    List<NegativeSampler> filters = stages.subList(0, stages.size() - 1);
    for (NegativeSampler f : filters) {
      if (!f.isFilter()) {
        throw new IllegalArgumentException(f.spec() + " cannot filter: only the last stage of a composition draws;"
            + " filters are window, score-window, score-window-z, absolute-margin, absolute-margin-z, relative-margin,"
            + " max-score and min-score");
      }
    }
    return new ComposedSampler(filters, stages.getLast());
  }

  /** The filters, in order. */
  public List<NegativeSampler> filters() {
    return filters;
  }

  /** The stage that draws. */
  public NegativeSampler last() {
    return last;
  }

  @Override
  public String name() {
    return "composition";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    throw new UnsupportedOperationException("a composition is parsed whole by SamplerRegistry");
  }

  @Override
  public String spec() {
    StringBuilder s = new StringBuilder();
    for (NegativeSampler f : filters) {
      s.append(f.spec()).append(" | ");
    }
    return s.append(last.spec()).toString();
  }

  /** A composition whose last stage is a filter is a filter too: what all its stages admit in turn. */
  @Override
  public boolean isFilter() {
    return last.isFilter();
  }

  @Override
  public IntPredicate admits(SamplingContext c) {
    int[] kept = kept(c);
    IntPredicate inner = last.admits(c.restrict(kept));
    if (inner == null) {
      return null;
    }
    boolean[] admitted = new boolean[c.size()];
    for (int j = 0; j < kept.length; j++) {
      admitted[kept[j]] = inner.test(j);
    }
    return i -> admitted[i];
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    return last.sample(c.restrict(kept(c)), n);
  }

  @Override
  public double[] firstDrawProbabilities(SamplingContext c) {
    int[] kept = kept(c);
    double[] inner = last.firstDrawProbabilities(c.restrict(kept));
    if (inner == null) {
      return null;
    }
    double[] p = new double[c.size()];
    for (int j = 0; j < kept.length; j++) {
      p[kept[j]] = inner[j];
    }
    return p;
  }

  /** The indexes of {@code c}'s candidates every filter admits, each filter seeing what the previous kept. */
  private int[] kept(SamplingContext c) {
    int[] kept = new int[c.size()];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = i;
    }
    for (NegativeSampler f : filters) {
      SamplingContext sub = c.restrict(kept);
      IntPredicate admits = f.admits(sub);
      List<Integer> next = new ArrayList<>();
      for (int j = 0; j < kept.length; j++) {
        if (admits.test(j)) {
          next.add(kept[j]);
        }
      }
      kept = next.stream().mapToInt(Integer::intValue).toArray();
    }
    return kept;
  }

  @Override
  public String toString() {
    return spec();
  }
}
