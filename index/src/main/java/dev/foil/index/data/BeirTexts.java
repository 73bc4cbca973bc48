package dev.foil.index.data;

import dev.foil.index.data.BeirDataset;
import dev.foil.index.data.CorpusReader;
import dev.foil.index.data.Document;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Query;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query and passage texts of a BEIR dataset by id, in memory (passages as title and text joined),
 * for training and reranking on corpora small enough to hold.
 */
public record BeirTexts(Map<String, String> queries, Map<String, String> passages) {

  /** Reads {@code queries.jsonl} and {@code corpus.jsonl} of {@code d}; maps keep file order. */
  public static BeirTexts load(BeirDataset d) throws IOException {
    Map<String, String> q = new LinkedHashMap<>();
    for (Query query : QueriesReader.read(d.queries())) {
      q.put(query.id(), query.text());
    }
    Map<String, String> docs = new LinkedHashMap<>();
    try (CorpusReader r = CorpusReader.open(d.corpus())) {
      Document doc;
      while ((doc = r.next()) != null) {
        docs.put(doc.id(), doc.contents());
      }
    }
    return new BeirTexts(q, docs);
  }
}
