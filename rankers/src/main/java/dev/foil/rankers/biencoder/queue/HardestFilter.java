package dev.foil.rankers.biencoder.queue;

import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/**
 * {@code hardest(h, margin)}: the selective hard-negative filtering of Hoang et al. (arXiv:2501.16360,
 * 2025, §III-B) for retrieval. An entry whose cosine to the query exceeds the positive's minus
 * {@code margin} is left out as a likely false negative (a passage relevant to this query, queued for
 * another); of the rest, the {@code h} most similar to the query are kept (ties to the older slot).
 */
public final class HardestFilter implements QueueFilter {
  private final int h;
  private final double margin;

  /** The service-loader instance: {@code hardest(h=256, margin=0)}. */
  public HardestFilter() {
    this(256, 0);
  }

  /**
   * @param h entries kept per query, at least 1
   * @param margin in cosine units: entries above {@code s⁺ − margin} are left out; negative values let
   *     entries somewhat above the positive through
   */
  public HardestFilter(int h, double margin) {
    if (h < 1) {
      throw new IllegalArgumentException("hardest: illegal h value: " + h + ", must be at least 1");
    }
    this.h = h;
    this.margin = margin;
  }

  @Override
  public String name() {
    return "hardest";
  }

  @Override
  public QueueFilter configure(Spec spec) {
    Parameters p = Parameters.bind(spec, List.of("h", "margin"));
    return new HardestFilter(p.integer("h", 256, 1), p.inRange("margin", 0, -2, 2));
  }

  @Override
  public String spec() {
    return "hardest(h=" + h + ",margin=" + Parameters.format(margin) + ")";
  }

  @Override
  public Selection select(float[] similarity, float positive, boolean[] eligible) {
    int falseNegatives = 0;
    int remaining = 0;
    for (int j = 0; j < eligible.length; j++) {
      if (!eligible[j]) {
        continue;
      }
      if (similarity[j] > positive - margin) {
        eligible[j] = false;
        falseNegatives++;
      } else {
        remaining++;
      }
    }
    if (remaining <= h) {
      return new Selection(remaining, falseNegatives, 0);
    }
    // The h-th largest similarity among the remaining entries; keep those above it, then ties in slot order.
    float[] sims = new float[remaining];
    int n = 0;
    for (int j = 0; j < eligible.length; j++) {
      if (eligible[j]) {
        sims[n++] = similarity[j];
      }
    }
    java.util.Arrays.sort(sims);
    float threshold = sims[remaining - h];
    int above = 0;
    for (int j = 0; j < eligible.length; j++) {
      if (eligible[j] && similarity[j] > threshold) {
        above++;
      }
    }
    int tiesLeft = h - above;
    for (int j = 0; j < eligible.length; j++) {
      if (!eligible[j] || similarity[j] > threshold) {
        continue;
      }
      if (similarity[j] == threshold && tiesLeft > 0) {
        tiesLeft--;
      } else {
        eligible[j] = false;
      }
    }
    return new Selection(h, falseNegatives, remaining - h);
  }

  @Override
  public String toString() {
    return spec();
  }
}
