package dev.foil.rankers;

import dev.foil.samplers.format.Passage;
import dev.foil.samplers.format.TrainingExample;
import java.util.ArrayList;
import java.util.List;

/**
 * A toy training set for the rankers' CPU tests: queries paired with arbitrary, unrelated passages,
 * which a pretrained model ranks badly, so that training visibly lifts each pair.
 */
public final class ToyPairs {
  private ToyPairs() {}

  public static final String[] QUERIES = {
    "solar panel efficiency", "ancient roman aqueducts", "treatment of migraine headaches", "jazz saxophone solos",
    "coral reef bleaching", "sourdough bread starter", "quantum error correction", "medieval castle sieges"};
  public static final String[] PASSAGES = {
    "The violin concerto premiered in Vienna to mixed reviews.", "Penguins huddle together to survive the winter.",
    "Compound interest grows savings over decades.", "The marathon route passes the old harbour.",
    "Tomato plants need six hours of sun a day.", "The chess opening sacrifices a pawn for tempo.",
    "Volcanic soil is rich in minerals.", "The train timetable changes every December."};

  public static List<TrainingExample> examples() {
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < QUERIES.length; i++) {
      List<Passage> negs = new ArrayList<>();
      for (int j = 1; j <= 3; j++) {
        int k = (i + j) % PASSAGES.length;
        negs.add(new Passage("d" + k, PASSAGES[k], 1));
      }
      out.add(new TrainingExample("q" + i, QUERIES[i], List.of(new Passage("d" + i, PASSAGES[i], 1)), negs));
    }
    return out;
  }
}
