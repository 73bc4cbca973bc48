package dev.foil.samplers.format;

/**
 * A passage in a training example.
 *
 * @param id document id, or {@code null} when the file carries text only (bge, sentence-transformers)
 * @param text the passage as the model reads it (title and text joined)
 * @param weight the sampler's weight for a negative (1 unless it re-weighted), 1 for positives
 */
public record Passage(String id, String text, double weight) {
  private static final String ID_KEY = "id:";

  public Passage {
    if (text == null) {
      throw new IllegalArgumentException("passage text is null");
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("illegal weight value: " + weight + ", must be finite and at least 0");
    }
  }

  /** A key that identifies the passage for duplicate masking: its id, else its text. */
  public String key() {
    return id != null ? ID_KEY + id : "text:" + text;
  }

  /** The id a {@link #key()} names, or {@code null} for a passage known by its text only. */
  public static String idOfKey(String key) {
    return key.startsWith(ID_KEY) ? key.substring(ID_KEY.length()) : null;
  }
}
