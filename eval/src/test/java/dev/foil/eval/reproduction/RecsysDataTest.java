package dev.foil.eval.reproduction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.foil.index.data.SharedData;
import dev.foil.recsys.data.InteractionData;
import dev.foil.recsys.data.InteractionFormats;
import dev.foil.recsys.data.Split;
import org.junit.jupiter.api.Test;

/** The real recommendation data reads to the sizes its sources state (DESIGN.md's data table). */
class RecsysDataTest {

  @Test
  void gowallaLightGcnSplit() throws Exception {
    InteractionData d = InteractionFormats.open(SharedData.require("gowalla"), 4, Split.latestPerUser());
    assertEquals(29_858, d.numUsers());
    assertEquals(40_981, d.numItems());
    assertEquals(810_128, d.train().size());
    assertEquals(217_242, d.test().size());
    assertEquals(29_858, d.train().activeUsers());
  }

  @Test
  void movieLens100kAllRatingsAndTheImplicitThreshold() throws Exception {
    InteractionData all = InteractionFormats.open(SharedData.require("ml-100k"), 0, Split.latestPerUser());
    assertEquals(943, all.numUsers());
    assertEquals(1_682, all.numItems());
    assertEquals(100_000, all.train().size() + all.test().size());
    assertEquals(943, all.test().size(), "leave-one-out: one test item per user");
    InteractionData liked = InteractionFormats.open(SharedData.require("ml-100k"), 4, Split.random(0.2, 42));
    assertEquals(55_375, liked.train().size() + liked.test().size(), "ratings of 4 and 5");
  }
}
