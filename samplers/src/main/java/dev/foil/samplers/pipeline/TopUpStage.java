package dev.foil.samplers.pipeline;

import dev.foil.samplers.retrieval.CorpusDraw;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws from the corpus when the sampler chose fewer than n: never silently fewer. A draw is never a
 * positive, a negative already chosen, or (when they are removed) a text duplicate.
 */
final class TopUpStage implements MinerStage {
  @Override
  public StageCount apply(AnchorWork w) {
    int want = w.settings.n() - w.picked.length;
    w.topUpFilters = w.filters.stream().filter(f -> f.equals(PositivesStage.NAME) || f.equals(TextDuplicatesStage.NAME))
        .toList();
    if (want <= 0) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    int[] taken = w.picked;
    int[] already = taken.clone();
    while (out.size() < want) {
      int[] drawn = CorpusDraw.draw(w.corpusSize, w.excluded::contains, already, want - out.size(), w.rng);
      if (drawn.length == 0) {
        break;
      }
      for (int d : drawn) {
        if (w.settings.removeTextDuplicates() && w.forbidden.matches(w.texts.document(d).text())) {
          w.excluded.add(d);
        } else {
          out.add(d);
        }
      }
      already = Arrays.copyOf(taken, taken.length + out.size());
      for (int i = 0; i < out.size(); i++) {
        already[taken.length + i] = out.get(i);
      }
    }
    w.topUps = out.stream().mapToInt(Integer::intValue).toArray();
    return null;
  }
}
