package dev.foil.samplers.pipeline;

/** Removes candidates whose text is the same as a positive's or the query's ({@link SameText}); top-ups obey it too. */
final class TextDuplicatesStage implements MinerStage {
  static final String NAME = "text-duplicates";

  @Override
  public StageCount apply(AnchorWork w) {
    w.forbidden.add(w.query.text());
    for (int p : w.pool.positives()) {
      w.forbidden.add(w.texts.document(p).text());
    }
    int before = w.keep.size();
    w.keep.removeIf(i -> {
      boolean dup = w.forbidden.matches(w.texts.document(w.pool.docs()[i]).text());
      if (dup) {
        w.excluded.add(w.pool.docs()[i]);
      }
      return dup;
    });
    w.filters.add(NAME);
    return new StageCount(NAME, w.keep.size(), before - w.keep.size());
  }
}
