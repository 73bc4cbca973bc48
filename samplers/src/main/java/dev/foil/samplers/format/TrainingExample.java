package dev.foil.samplers.format;

import java.util.List;

/**
 * One query of a training set: its judged positives and the mined negatives.
 *
 * @param queryId the query id, or {@code null} when the file carries text only
 * @param query the query text
 * @param positives at least one
 * @param negatives possibly none (in-batch negatives still apply)
 */
public record TrainingExample(String queryId, String query, List<Passage> positives, List<Passage> negatives) {
  public TrainingExample {
    positives = List.copyOf(positives);
    negatives = List.copyOf(negatives);
  }
}
