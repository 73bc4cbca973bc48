package dev.foil.recsys.model;

import java.util.Locale;

/**
 * Everything that shapes a recommendation model, saved beside its weights.
 *
 * @param kind {@code simplex}, {@code mf-bpr}, {@code bpo} or {@code nbpo}
 * @param dim embedding dimension
 * @param regularization L2 weight on the batch's embeddings (LightGCN's convention: ½‖·‖² / batch)
 * @param margin SimpleX's negative margin m
 * @param negativeWeight SimpleX's negative weight w
 * @param gamma SimpleX's mixing weight γ of the user embedding against the history aggregate
 * @param historyLength SimpleX: at most this many of a user's training items are aggregated
 * @param dropout SimpleX: dropout on the fused user vector while training
 * @param flipRank NBPO: rank of the low-rank flip-rate factors
 * @param seed initialisation seed
 * @param leaveTargetOut SimpleX: a training pair's own item is left out of its user's history aggregate,
 *     so the model cannot score the positive through the history (at test time the history never holds
 *     the test item); {@code false} in models saved before the option existed
 */
public record ModelSettings(String kind, int dim, float regularization, float margin, float negativeWeight,
    float gamma, int historyLength, float dropout, int flipRank, long seed, boolean leaveTargetOut) {

  /** Kinds of model. */
  public static final java.util.List<String> KINDS = java.util.List.of("simplex", "mf-bpr", "bpo", "nbpo");

  public ModelSettings {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown model \"" + kind + "\": known models are " + KINDS);
    }
    if (dim < 1 || historyLength < 1 || flipRank < 1) {
      throw new IllegalArgumentException("dim, history length and flip rank must be positive");
    }
    if (!(gamma >= 0 && gamma <= 1) || !(dropout >= 0 && dropout < 1) || !(margin >= -1 && margin <= 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "illegal gamma %s (0..1), dropout %s ([0,1)) or margin %s (-1..1)", gamma, dropout, margin));
    }
    if (regularization < 0 || negativeWeight < 0) {
      throw new IllegalArgumentException("regularization and negative weight must be at least 0");
    }
  }

  /** The defaults of {@code kind}: SimpleX's Gowalla settings, or LightGCN's MF baseline. */
  public static ModelSettings defaults(String kind) {
    return new ModelSettings(kind, 64, kind.equals("simplex") ? 0f : 1e-4f, 0.9f, 250f, 0.8f, 100, 0.1f, 8, 42, false);
  }
}
