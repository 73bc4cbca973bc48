package dev.foil.index.data;

import java.util.Objects;

/**
 * One corpus entry of a BEIR {@code corpus.jsonl}.
 *
 * @param id the {@code _id} field
 * @param title the {@code title} field, empty when absent
 * @param text the {@code text} field
 */
public record Document(String id, String title, String text) {
  public Document {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
  }

  /** Title and text joined by one space, as BEIR "flat" indexing does (Anserini's BeirFlatCollection). */
  public String contents() {
    return title.isEmpty() ? text : title + " " + text;
  }
}
