package dev.foil.samplers.mining;

import dev.foil.index.DocIds;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Query;
import dev.foil.samplers.mining.MiningRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The anchors of a mining or CET run: the queries that have a judged positive in the corpus. */
public final class Anchors {
  private Anchors() {}

  /**
   * The queries of {@code queriesFile} that have a judged positive in the corpus, with those
   * positives (in qrels order); warns about judged queries without one and positives naming unknown
   * documents.
   *
   * @throws IllegalArgumentException when no query has a positive in the corpus
   */
  public static List<MiningRun.Anchor> read(Path queriesFile, Path qrelsFile, DocIds ids, Consumer<String> warnings)
      throws IOException {
    Qrels judged = QrelsReader.read(qrelsFile);
    List<MiningRun.Anchor> anchors = new ArrayList<>();
    int withoutPositives = 0;
    int unknownPositives = 0;
    for (Query q : QueriesReader.read(queriesFile)) {
      List<Integer> pos = new ArrayList<>();
      for (var e : judged.judgments(q.id()).entrySet()) {
        if (e.getValue() > 0) {
          var ord = ids.ordinal(e.getKey());
          if (ord.isPresent()) {
            pos.add(ord.getAsInt());
          } else {
            unknownPositives++;
          }
        }
      }
      if (pos.isEmpty()) {
        withoutPositives += judged.queryIds().contains(q.id()) ? 1 : 0;
        continue;
      }
      anchors.add(new MiningRun.Anchor(q, pos.stream().mapToInt(Integer::intValue).toArray()));
    }
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException(qrelsFile + ": no query of " + queriesFile + " has a positive in the corpus");
    }
    if (withoutPositives > 0 || unknownPositives > 0) {
      warnings.accept(String.format("%d judged queries have no positive in the corpus (skipped); %d positives name"
          + " unknown documents", withoutPositives, unknownPositives));
    }
    return anchors;
  }
}
