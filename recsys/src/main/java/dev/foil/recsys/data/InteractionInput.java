package dev.foil.recsys.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where interaction data is and how it is split, as a job is given it; read when the job runs.
 *
 * @param path a LightGCN directory, a MovieLens {@code u.data} (or its directory), or a CSV log
 * @param ratingThreshold MovieLens: the lowest rating that counts as an interaction
 * @param split how a single log is split into train and test: {@code random:FRACTION[:SEED]} or
 *     {@code leave-one-out} (the seed defaults to the job's)
 * @param validation {@code random:FRACTION[:SEED]} of each user's training interactions held out to tune
 *     on instead of the test set, or {@code null}
 * @param noise {@code FRACTION[:SEED]}: that share of each user's training interactions replaced by random
 *     items before any validation split ({@link InteractionData#withFalsePositives}), or {@code null}
 */
public record InteractionInput(Path path, double ratingThreshold, String split, String validation, String noise) {
  public InteractionInput {
    Objects.requireNonNull(path, "path");
    Split.parse(split, 0); // a bad split is refused before anything is read
    if (validation != null) {
      Split.parse(validation, 0);
    }
    if (noise != null) {
      Noise.parse(noise, 0);
    }
  }

  /** The data, split with {@code seed} where the splits give none. */
  public InteractionData read(long seed) throws IOException {
    InteractionData d = InteractionFormats.open(path, ratingThreshold, Split.parse(split, seed));
    if (noise != null) {
      d = d.withFalsePositives(Noise.parse(noise, seed));
    }
    return validation == null ? d : d.validation(Split.parse(validation, seed));
  }
}
