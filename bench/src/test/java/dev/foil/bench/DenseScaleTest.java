package dev.foil.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.vector.FaissRequirement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synthetic embeddings of the dense cost study, and the study on a small corpus. */
class DenseScaleTest {
  @Test
  void syntheticEmbeddingsAreUnitVectorsFixedByTheirSeeds() {
    float[] a = DenseBenchmarks.clustered(300, 16, 1, 1);
    for (int i = 0; i < 300; i++) {
      double norm = 0;
      for (int j = 0; j < 16; j++) {
        norm += a[i * 16 + j] * a[i * 16 + j];
      }
      assertEquals(1, norm, 1e-5);
    }
    assertArrayEquals(a, DenseBenchmarks.clustered(300, 16, 1, 1));
    assertFalse(Arrays.equals(a, DenseBenchmarks.clustered(300, 16, 1, 2)), "another seed, other points");
  }

  @Test
  void flatIsExactAndTheApproximateIndexesFindMostNeighbours() throws Exception {
    FaissRequirement.require();
    List<DenseBenchmarks.AnnResult> r = DenseBenchmarks.scale(3000, 32, 20, 10, 32, 8, 32, 16, 16, 40, 64, 2, 1, 1);
    assertEquals(4, r.size());
    assertEquals(1.0, r.get(0).recall(), "Flat is the reference");
    assertTrue(r.get(0).index().contains("Flat") && r.get(1).index().contains("PQ") && r.get(2).index().contains("HNSW")
        && r.get(3).index().contains("lucene"), r.toString());
    assertTrue(r.get(1).recall() > 0.2, "IVF-PQ searching every list loses only to quantization: " + r.get(1).recall());
    assertTrue(r.get(2).recall() > 0.9, "HNSW: " + r.get(2).recall());
    assertTrue(r.get(3).recall() > 0.9, "Lucene HNSW: " + r.get(3).recall());
  }

  @Test
  void aZeroSettingLeavesItsIndexOut() throws Exception {
    FaissRequirement.require();
    List<DenseBenchmarks.AnnResult> r = DenseBenchmarks.scale(2000, 16, 10, 5, 16, 0, 16, 0, 16, 40, 64, 1, 1, 1);
    assertEquals(List.of("Flat", "lucene"), r.stream().map(a -> a.index().contains("lucene") ? "lucene" : "Flat").toList());
    assertTrue(r.get(0).index().contains("Flat"), r.get(0).index());
  }
}
