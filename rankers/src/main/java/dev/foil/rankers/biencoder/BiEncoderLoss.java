package dev.foil.rankers.biencoder;

import java.util.Locale;

/** The bi-encoder's training objective ({@code --loss}). */
public enum BiEncoderLoss {
  /** {@link InfoNce}: each query against its positive and the negatives. */
  INFONCE,
  /**
   * The dual-view loss: InfoNCE averaged with its key→query direction, each positive passage against the
   * batch's queries (Hoang et al., arXiv:2501.16360, 2025, §III-A; the "query retrieval" objective of
   * DANCE, Li et al., arXiv:2107.07773, 2021), so passage and query embeddings are optimised alike.
   */
  DUAL;

  /** Parses {@code infonce} or {@code dual}. */
  public static BiEncoderLoss parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "infonce" -> INFONCE;
      case "dual" -> DUAL;
      default -> throw new IllegalArgumentException("unknown loss \"" + s + "\": use infonce or dual");
    };
  }

  /** The name {@link #parse} reads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
