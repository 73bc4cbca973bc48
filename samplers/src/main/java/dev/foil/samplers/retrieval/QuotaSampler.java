package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code quota(bm25=7,dense=8)}: multiple retrievers as negative generators (R²anker; Zhou et al.,
 * 2024): from each source, its own best-ranked eligible candidates, up to that source's quota, skipping
 * documents another source already gave. Quotas are scaled to the n asked for when they do not sum to it.
 */
public final class QuotaSampler implements NegativeSampler {
  private final Map<String, Integer> quotas;

  public QuotaSampler() {
    this(Map.of());
  }

  private QuotaSampler(Map<String, Integer> quotas) {
    this.quotas = quotas;
  }

  @Override
  public String name() {
    return "quota";
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    Parameters p = Parameters.bindAny(spec);
    if (p.raw().isEmpty()) {
      throw new IllegalArgumentException("quota: needs one quota per source, e.g. quota(bm25=7,dense=8)");
    }
    Map<String, Integer> q = new LinkedHashMap<>();
    for (String source : spec.named().keySet()) {
      q.put(source, p.integer(source, 0, 0));
    }
    return new QuotaSampler(q);
  }

  @Override
  public String spec() {
    StringBuilder sb = new StringBuilder("quota(");
    quotas.forEach((s, n) -> sb.append(sb.length() > 6 ? "," : "").append(s).append('=').append(n));
    return sb.append(')').toString();
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    int total = quotas.values().stream().mapToInt(Integer::intValue).sum();
    Set<Integer> chosen = new LinkedHashSet<>();
    int assigned = 0;
    int sources = 0;
    for (var e : quotas.entrySet()) {
      int s = c.sourceIndex(e.getKey());
      if (s < 0) {
        throw new IllegalArgumentException("quota: source " + e.getKey() + " is not in the pool " + c.sources());
      }
      sources++;
      // Scale the quota to n; the last source takes what rounding left.
      int want = sources == quotas.size() ? n - assigned : (int) Math.round((double) e.getValue() * n / Math.max(1, total));
      assigned += want;
      int[] ranks = c.sourceRanks()[s];
      Integer[] order = new Integer[c.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Integer.compare(rankKey(ranks[x]), rankKey(ranks[y])));
      int got = 0;
      for (int i = 0; i < order.length && got < want; i++) {
        if (ranks[order[i]] > 0 && chosen.add(c.docs()[order[i]])) {
          got++;
        }
      }
    }
    return chosen.stream().mapToInt(Integer::intValue).limit(n).toArray();
  }

  private static int rankKey(int rank) {
    return rank == 0 ? Integer.MAX_VALUE : rank;
  }

  @Override
  public String toString() {
    return spec();
  }
}
