package dev.foil.samplers.pipeline;

import java.io.IOException;

/** One stage of the per-anchor miner: it changes the anchor's working state and says what it did. */
interface MinerStage {
  /** Applies the stage; returns its counts, or {@code null} for a stage that does not report any. */
  StageCount apply(AnchorWork w) throws IOException;
}
