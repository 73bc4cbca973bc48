package dev.foil.samplers.format;

import dev.foil.index.DocIds;
import dev.foil.samplers.pipeline.MinedExample;
import dev.foil.samplers.pipeline.TextLookup;

/** Turns one mined example into the lines of a training file: a {@link TrainingFormat}, with or without scores. */
@FunctionalInterface
public interface ExampleWriter {
  /** The lines of {@code ex}, each ending in a newline. */
  String lines(MinedExample ex, TextLookup texts, DocIds ids);
}
