package dev.foil.examples;

import dev.foil.index.data.Query;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's first library example, compiled and run by the tests so that it cannot go stale:
 * negatives for one query from a BM25 index built by {@code foil index}, printed with their corpus ids.
 */
public final class FirstNegatives {
  private FirstNegatives() {}

  /** {@code INDEX_DIR QUERY_TEXT POSITIVE_ID}: prints 15 negatives, one {@code id score reason} a line. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: FirstNegatives INDEX_DIR QUERY_TEXT POSITIVE_ID");
      System.exit(2);
    }
    for (String line : negatives(Path.of(args[0]), args[1], args[2])) {
      System.out.println(line);
    }
  }

  /** The lines {@link #main} prints. */
  public static List<String> negatives(Path indexDir, String queryText, String positiveId) throws Exception {
    try (Bm25Index bm25 = Bm25Index.open(indexDir);
         Foil foil = Foil.builder().source(bm25).texts(TextLookup.of(bm25)).build()) {
      List<Negative> negs = foil.negatives(new Query("q1", queryText), List.of(positiveId), 15);
      return negs.stream()
          .map(n -> foil.docIds().id(n.doc()) + " " + n.score() + " " + n.reason())   // ordinal → corpus id
          .toList();
    }
  }
}
