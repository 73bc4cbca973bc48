package dev.foil.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.Query;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.source.SourceSet;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.index.synthetic.SyntheticIndex;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The embedded builder checks each setting when it is set, as Caffeine's does, and conflicts when built. */
class EmbeddedBuilderTest {
  @TempDir static Path dir;
  static Bm25Index bm25;

  @BeforeAll
  static void index() throws Exception {
    Path c = SyntheticIndex.write(dir.resolve("c"), new SyntheticCollection.Parameters(3, 3, 24, 2, 0.5, 0.5, 0.1));
    bm25 = Bm25Index.open(c.resolve("index"));
  }

  @AfterAll
  static void close() throws Exception {
    bm25.close();
  }

  private static void refused(Class<? extends Throwable> type, String fragment, Executable e) {
    Throwable t = assertThrows(type, e);
    assertTrue(String.valueOf(t.getMessage()).contains(fragment), t.getMessage());
  }

  @Test
  void nullIsRefusedWhenSetNamingTheSetting() {
    refused(NullPointerException.class, "spec", () -> Foil.builder().sampler(null));
    refused(NullPointerException.class, "source", () -> Foil.builder().source(null));
    refused(NullPointerException.class, "name", () -> Foil.builder().scoreSource(null));
    refused(NullPointerException.class, "texts", () -> Foil.builder().texts(null));
    refused(NullPointerException.class, "sourceOrDirectory", () -> Foil.builder().falseNegativeTeacher(null));
    refused(NullPointerException.class, "docsByQuery", () -> Foil.builder().planted(null));
  }

  @Test
  void aSettingGivenTwiceIsRefused() {
    refused(IllegalStateException.class, "sampler was already set", () -> Foil.builder().sampler("top-k").sampler("random"));
    refused(IllegalStateException.class, "seed was already set", () -> Foil.builder().seed(1).seed(1));
    refused(IllegalStateException.class, "depth was already set", () -> Foil.builder().depth(10).depth(20));
    refused(IllegalStateException.class, "cet was already set",
        () -> Foil.builder().cet("rank-propensity(r0=5)").cet("rank-propensity(r0=6)"));
    refused(IllegalStateException.class, "a bm25 source was already added", () -> Foil.builder().source(bm25).source(bm25));
  }

  @Test
  void aBadValueIsRefusedWhenSetNotWhenBuilt() {
    refused(IllegalArgumentException.class, "unknown sampler", () -> Foil.builder().sampler("no-such(1)"));
    refused(IllegalArgumentException.class, "depth", () -> Foil.builder().depth(0));
    refused(IllegalArgumentException.class, "rrf k", () -> Foil.builder().rrfK(0));
    refused(IllegalArgumentException.class, "unknown false-negative adapter",
        () -> Foil.builder().falseNegativeAdapter("fn-shrug"));
    refused(IllegalArgumentException.class, "falseNegativeTemperature",
        () -> Foil.builder().falseNegativeTemperature(0));
    refused(IllegalArgumentException.class, "candidateCacheSize", () -> Foil.builder().candidateCacheSize(-1));
  }

  @Test
  void conflictingSettingsAreRefusedByBuild() {
    refused(IllegalStateException.class, "no source", () -> Foil.builder().build());
    refused(IllegalStateException.class, "needs texts", () -> Foil.builder().source(bm25).build());
    refused(IllegalStateException.class, "go together",
        () -> Foil.builder().source(bm25).texts(TextLookup.of(bm25)).falseNegativeAdapter("fn-reweight").build());
    refused(IllegalStateException.class, "go together",
        () -> Foil.builder().source(bm25).texts(TextLookup.of(bm25)).falseNegativeTeacher("bm25").build());
    refused(IllegalStateException.class, "needs falseNegativeAdapter",
        () -> Foil.builder().source(bm25).keepTextDuplicates().falseNegativeTemperature(0.1).build());
    refused(IllegalArgumentException.class, "score source dense is not among the sources [bm25]",
        () -> Foil.builder().source(bm25).keepTextDuplicates().scoreSource("dense").build());
    refused(IllegalArgumentException.class, "fn teacher dense is neither one of the sources",
        () -> Foil.builder().source(bm25).keepTextDuplicates().falseNegativeAdapter("fn-drop(0.5)")
            .falseNegativeTeacher("dense").build());
    refused(IllegalArgumentException.class, "unknown selection model",
        () -> Foil.builder().source(bm25).keepTextDuplicates().cet("propensity(1)").build());
  }

  @Test
  void defaultsAreTheMiningDefaultsAndTheOneReferenceRule() {
    try (Foil foil = Foil.builder().source(bm25).texts(TextLookup.of(bm25)).build()) {
      assertEquals(MiningSettings.defaults(), foil.settings());
      assertEquals(SourceSet.defaultReference(List.of("bm25")), foil.scoreSource());
    }
    assertEquals("dense", SourceSet.defaultReference(List.of("dense", "bm25")));
    assertEquals("dense", SourceSet.defaultReference(List.of("bm25", "dense")));
  }

  @Test
  void plantedNegativesAreCountedNotAvoided() {
    Query q = new Query("probe", "topic 0 words");
    List<String> positives = List.of(bm25.docIds().id(0));
    try (Foil plain = Foil.builder().source(bm25).texts(TextLookup.of(bm25)).sampler("top-k").build()) {
      List<Negative> negatives = plain.negatives(q, positives, 4);
      List<String> mined = negatives.stream().map(n -> bm25.docIds().id(n.doc())).toList();
      try (Foil diagnosed = Foil.builder().source(bm25).texts(TextLookup.of(bm25)).sampler("top-k")
          .planted(Map.of("probe", mined.subList(0, 2))).build()) {
        assertEquals(negatives, diagnosed.negatives(q, positives, 4), "planted negatives never change what is mined");
        assertEquals(2, diagnosed.miningStats().plantedMined);
        assertEquals(0.5, diagnosed.miningStats().falseNegativeRate(), 1e-12);
        assertEquals(0, plain.miningStats().plantedMined);
      }
    }
  }
}
