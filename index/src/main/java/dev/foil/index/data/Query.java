package dev.foil.index.data;

import java.util.Objects;

/**
 * A query (the anchor of a training example): its id and its raw text, never parsed as query syntax.
 *
 * @param id the {@code _id} field of {@code queries.jsonl}
 * @param text the {@code text} field
 */
public record Query(String id, String text) {
  public Query {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
  }
}
