package dev.foil.index.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.vector.faiss.FaissException;
import dev.foil.index.vector.faiss.FaissIndex;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorIndexTest {
  private static final int D = 48;
  private static final int N = 3000;
  private static final int Q = 60;
  private static final float[] DATA = clustered(N, 1);
  private static final float[] QUERIES = clustered(Q, 2);

  @TempDir Path dir;

  /** Unit vectors around 30 random centres: realistic for ANN (random Gaussian data is the worst case). */
  static float[] clustered(int n, long seed) {
    SplittableRandom centres = new SplittableRandom(7);
    float[][] c = new float[30][D];
    for (float[] v : c) {
      for (int i = 0; i < D; i++) {
        v[i] = (float) centres.nextGaussian();
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] out = new float[n * D];
    for (int r = 0; r < n; r++) {
      float[] centre = c[rng.nextInt(c.length)];
      double norm = 0;
      for (int i = 0; i < D; i++) {
        out[r * D + i] = centre[i] + (float) (0.6 * rng.nextGaussian());
        norm += out[r * D + i] * out[r * D + i];
      }
      for (int i = 0; i < D; i++) {
        out[r * D + i] /= (float) Math.sqrt(norm);
      }
    }
    return out;
  }

  /** Top k by a plain double-precision loop. */
  private static int[] naiveTop(int q, int k) {
    Integer[] rows = new Integer[N];
    double[] s = new double[N];
    for (int r = 0; r < N; r++) {
      rows[r] = r;
      for (int i = 0; i < D; i++) {
        s[r] += (double) QUERIES[q * D + i] * DATA[r * D + i];
      }
    }
    Arrays.sort(rows, (a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b));
    return Arrays.stream(rows).limit(k).mapToInt(Integer::intValue).toArray();
  }

  @Test
  void exactIndexMatchesANaiveLoop() {
    VectorIndex.Hits hits = new ExactVectorIndex(DATA, D, 3).search(QUERIES, 10);
    for (int q = 0; q < Q; q++) {
      assertArrayEquals(naiveTop(q, 10), Arrays.copyOfRange(hits.rows(), q * 10, q * 10 + 10), "query " + q);
      for (int i = 1; i < 10; i++) {
        assertTrue(hits.scores()[q * 10 + i - 1] >= hits.scores()[q * 10 + i]);
      }
    }
  }

  @Test
  void exactIndexPadsWhenKExceedsTheCorpusAndBreaksTiesByRow() {
    float[] three = {1, 0, 1, 0, 0, 1};
    VectorIndex.Hits hits = new ExactVectorIndex(three, 2, 1).search(new float[] {1, 0}, 5);
    assertArrayEquals(new int[] {0, 1, 2, -1, -1}, hits.rows());
    assertEquals(Float.NEGATIVE_INFINITY, hits.scores()[4]);
  }

  @Test
  void faissFlatReturnsTheExactIdsAndScores() {
    FaissRequirement.require();
    int k = 50;
    VectorIndex.Hits exact = new ExactVectorIndex(DATA, D, 2).search(QUERIES, k);
    try (FaissIndex flat = FaissIndex.build("Flat", DATA, D, 2)) {
      assertEquals(N, flat.size());
      VectorIndex.Hits f = flat.search(QUERIES, k);
      for (int q = 0; q < Q; q++) {
        for (int i = 0; i < k; i++) {
          int j = q * k + i;
          assertEquals(exact.scores()[j], f.scores()[j], 1e-5, "query " + q + " rank " + i);
          // Rows may differ only where two neighbours' scores tie to float rounding.
          if (exact.rows()[j] != f.rows()[j]) {
            assertEquals(exact.scores()[j], f.scores()[j], 1e-6);
          }
        }
      }
      assertEquals(1.0, f.recallAgainst(exact), 1e-9);
    }
  }

  @Test
  void faissAndLuceneHnswFindNearlyAllExactNeighbours() throws Exception {
    FaissRequirement.require();
    int k = 10;
    VectorIndex.Hits exact = new ExactVectorIndex(DATA, D, 2).search(QUERIES, k);
    try (FaissIndex hnsw = FaissIndex.build("HNSW16,Flat", DATA, D, 2, 100).set("efSearch", 64);
        LuceneHnswIndex lucene = LuceneHnswIndex.build(DATA, D, 16, 100, 64, 2)) {
      assertTrue(hnsw.search(QUERIES, k).recallAgainst(exact) >= 0.95);
      assertTrue(lucene.search(QUERIES, k).recallAgainst(exact) >= 0.95);
      assertTrue(hnsw.description().contains("efSearch=64"), hnsw.description());
    }
  }

  @Test
  void faissIvfVisitingEveryListIsExactAndIndexesSurviveSaveAndLoad() {
    FaissRequirement.require();
    int k = 10;
    VectorIndex.Hits exact = new ExactVectorIndex(DATA, D, 2).search(QUERIES, k);
    Path file = dir.resolve("ivf.faiss");
    try (FaissIndex ivf = FaissIndex.build("IVF16,Flat", DATA, D, 2).set("nprobe", 16)) {
      VectorIndex.Hits h = ivf.search(QUERIES, k);
      assertEquals(1.0, h.recallAgainst(exact), 1e-9);
      ivf.save(file);
      try (FaissIndex back = FaissIndex.load(file, 2)) {
        assertEquals(N, back.size());
        back.set("nprobe", 16);
        assertArrayEquals(h.rows(), back.search(QUERIES, k).rows());
      }
    }
  }

  @Test
  void faissErrorsNameTheOperation() {
    FaissRequirement.require();
    FaissException e = assertThrows(FaissException.class, () -> FaissIndex.build("NoSuchIndex42", DATA, D, 1));
    assertTrue(e.getMessage().contains("NoSuchIndex42"), e.getMessage());
    FaissException r = assertThrows(FaissException.class, () -> FaissIndex.load(dir.resolve("missing.faiss"), 1));
    assertTrue(r.getMessage().contains("missing.faiss"), r.getMessage());
    try (FaissIndex flat = FaissIndex.build("Flat", DATA, D, 1)) {
      assertThrows(FaissException.class, () -> flat.set("efSearch", 10));
    }
  }

  @Test
  void gpuIsUsedOnlyWhereItsBindingAndADeviceExist() {
    // These machines have no CUDA FAISS: the GPU path must say why it is off, and never be chosen.
    if (!dev.foil.index.vector.faiss.FaissGpu.available()) {
      assertTrue(dev.foil.index.vector.faiss.FaissGpu.unavailableReason() != null);
      assertThrows(IllegalStateException.class, () -> {
        try (FaissIndex flat = FaissIndex.build("Flat", DATA, D, 1)) {
          dev.foil.index.vector.faiss.FaissGpu.toGpu(flat, 0);
        }
      });
    }
    assertTrue(dev.foil.index.vector.faiss.FaissGpu.supports("IVF1024,Flat"));
    assertTrue(!dev.foil.index.vector.faiss.FaissGpu.supports("HNSW32,Flat"));
  }

  @Test
  void backendsParseAndThePreferredOneIsFaissWhenLoaded() {
    assertEquals(VectorBackend.HNSW, VectorBackend.parse(" HNSW "));
    assertThrows(IllegalArgumentException.class, () -> VectorBackend.parse("annoy"));
    assertEquals(FaissIndex.available() ? VectorBackend.FAISS : VectorBackend.EXACT, VectorBackend.preferred());
  }
}
