package dev.foil.recsys.model;

import ai.djl.ndarray.NDList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.foil.index.ProgressListener;
import dev.foil.recsys.score.FullRanking;
import dev.foil.recsys.train.RecTrainer;
import dev.foil.recsys.train.TrainSettings;
import dev.foil.samplers.items.UserItems;
import dev.foil.train.Devices;
import dev.foil.train.TrainingLoop;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each model learns a planted block structure (users of group g like items of group g), NBPO's
 * weights are probabilities, and a saved model opens to the same scores.
 */
class ModelsTest {
  static final int USERS = 120;
  static final int ITEMS = 90;
  static final int GROUPS = 6;

  @TempDir Path dir;

  /** Each user holds 8 of the 15 items of its group (train) and 3 others of it (test). */
  static UserItems[] planted(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int per = ITEMS / GROUPS;
    int[] tu = new int[USERS * 8];
    int[] ti = new int[USERS * 8];
    int[] su = new int[USERS * 3];
    int[] si = new int[USERS * 3];
    for (int u = 0; u < USERS; u++) {
      int g = u % GROUPS;
      int[] items = r.ints(0, per).distinct().limit(11).map(i -> g * per + i).toArray();
      for (int k = 0; k < 8; k++) {
        tu[u * 8 + k] = u;
        ti[u * 8 + k] = items[k];
      }
      for (int k = 0; k < 3; k++) {
        su[u * 3 + k] = u;
        si[u * 3 + k] = items[8 + k];
      }
    }
    return new UserItems[] {UserItems.of(USERS, ITEMS, tu, ti, tu.length), UserItems.of(USERS, ITEMS, su, si, su.length)};
  }

  /** Fraction of test items found in each user's top 5 (random ~5/82; at most 5/7 ≈ 0.71). */
  static double recallAt5(RecModel m, UserItems train, UserItems test) {
    try (NDManager x = m.manager().newSubManager()) {
      NDList f = m.factors(x);
      int[] users = java.util.stream.IntStream.range(0, USERS).toArray();
      int[][] top = new FullRanking(f.get(0), f.get(1), train, 64).topK(users, 5, ProgressListener.NONE);
      int hits = 0;
      for (int u = 0; u < USERS; u++) {
        for (int i : top[u]) {
          hits += test.contains(u, i) ? 1 : 0;
        }
      }
      return hits / (3.0 * USERS);
    }
  }

  private static ModelSettings settings(String kind) {
    return new ModelSettings(kind, 16, kind.equals("simplex") ? 0 : 1e-4f, 0.5f, 5f, 0.7f, 20, 0f, 4, 7, false);
  }

  private static double train(String kind, String sampler, int negatives, Path out) throws Exception {
    UserItems[] d = planted(3);
    try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
        RecModel m = RecModels.create(manager, settings(kind), d[0])) {
      double before = recallAt5(m, d[0], d[1]);
      new RecTrainer(m, d[0], new TrainSettings(kind.equals("simplex") ? 20 : 30, 64, kind.equals("simplex") ? 0.01f : 0.05f, negatives,
          sampler, 11, 0))
          .run(out, false, new TrainingLoop.Hooks() {}, ProgressListener.NONE);
      double after = recallAt5(m, d[0], d[1]);
      // Top 5 of the 7 unseen items of the user's group can find at most 5/7 of the 3 test items on average.
      assertTrue(after > 0.5 && after > before + 0.35, kind + " with " + sampler + ": recall@5 " + before + " → " + after);
      return after;
    }
  }

  /**
   * Each model's gradients are the same whether or not the garbage collector runs and freed memory is
   * reused between the forward and the backward pass (a scalar operand on memory the Java side had let
   * go of made them differ: the regularisation weight, SimpleX's γ and negative weight).
   */
  @Test
  void gradientsDoNotDependOnTheCollector() {
    UserItems train = planted(3)[0];
    int[] users = {0, 1, 2, 3, 4, 5, 6, 7};
    int[] items = new int[users.length];
    for (int b = 0; b < users.length; b++) {
      items[b] = train.row(users[b])[0];
    }
    int[] negs = new SplittableRandom(5).ints(users.length * 3L, 0, ITEMS).toArray();
    dev.foil.samplers.items.ItemNegatives neg = dev.foil.samplers.items.ItemNegatives.perUser(negs, null, 3);
    for (String kind : new String[] {"mf-bpr", "nbpo", "simplex"}) {
      try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
          RecModel m = RecModels.create(manager, settings(kind), train)) {
        m.parameters().values().forEach(p -> p.setRequiresGradient(true));
        java.util.List<float[]> quiet = gradients(m, users, items, neg, false);
        dev.foil.train.Gradients.assertSame(m.parameters(), quiet, gradients(m, users, items, neg, true), kind);
      }
    }
  }

  private static java.util.List<float[]> gradients(RecModel model, int[] users, int[] items,
      dev.foil.samplers.items.ItemNegatives neg, boolean churn) {
    try (NDManager m = model.manager().newSubManager();
        ai.djl.training.GradientCollector gc = model.manager().getEngine().newGradientCollector()) {
      ai.djl.ndarray.NDArray loss = model.loss(m, users, items, neg);
      java.util.List<java.nio.ByteBuffer> churned = churn ? dev.foil.train.AllocatorChurn.reclaimAndOverwrite() : java.util.List.of();
      gc.backward(loss);
      java.lang.ref.Reference.reachabilityFence(churned);
    }
    return dev.foil.train.Gradients.take(model.parameters());
  }

  @Test
  void leavingTheTargetOutScoresThePositiveAsIfTheHistoryLackedIt() {
    // User 0 holds items 1 and 2. Trained on the pair (0, 1) with the target left out, the loss must be
    // that of a model whose user holds only item 2; with the target kept, it must differ.
    UserItems both = UserItems.of(1, 4, new int[] {0, 0}, new int[] {1, 2}, 2);
    UserItems onlyTwo = UserItems.of(1, 4, new int[] {0}, new int[] {2}, 1);
    dev.foil.samplers.items.ItemNegatives neg = dev.foil.samplers.items.ItemNegatives.perUser(new int[] {3, 0}, null, 2);
    try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE)) {
      float out = lossOf(manager, both, true, neg);
      float reference = lossOf(manager, onlyTwo, false, neg);
      float kept = lossOf(manager, both, false, neg);
      assertEquals(reference, out, 1e-6f);
      assertTrue(Math.abs(kept - out) > 1e-4f, "the target's own embedding did not change the loss: " + kept + " vs " + out);
    }
  }

  private static float lossOf(NDManager manager, UserItems train, boolean leaveTargetOut,
      dev.foil.samplers.items.ItemNegatives neg) {
    // γ 0.2 so the history dominates; margin −1 so every negative counts; no dropout.
    ModelSettings s = new ModelSettings("simplex", 8, 0, -1f, 1f, 0.2f, 20, 0f, 4, 7, leaveTargetOut);
    try (RecModel m = RecModels.create(manager, s, train); NDManager batch = m.manager().newSubManager()) {
      return m.loss(batch, new int[] {0}, new int[] {1}, neg).getFloat();
    }
  }

  @Test
  void groupSharedNegativesScoreEachRowAgainstItsGroupsItems() {
    SplittableRandom r = new SplittableRandom(11);
    int d = 5;
    int n = 4;
    for (int rows : new int[] {6, 7}) { // 6: equal groups (one batched product); 7: ragged (per-group products)
      int groups = 3;
      float[] u = new float[rows * d];
      float[] q = new float[groups * n * d];
      for (int k = 0; k < u.length; k++) {
        u[k] = (float) r.nextGaussian();
      }
      for (int k = 0; k < q.length; k++) {
        q[k] = (float) r.nextGaussian();
      }
      dev.foil.samplers.items.ItemNegatives neg =
          new dev.foil.samplers.items.ItemNegatives(new int[groups * n], null, n, groups);
      try (NDManager m = NDManager.newBaseManager(Devices.ENGINE)) {
        float[] s = RecModel.negativeScores(m.create(u, new ai.djl.ndarray.types.Shape(rows, d)),
            m.create(q, new ai.djl.ndarray.types.Shape(groups * n, d)), neg).toFloatArray();
        assertEquals(rows * n, s.length);
        for (int b = 0; b < rows; b++) {
          int g = neg.groupOf(b, rows);
          for (int j = 0; j < n; j++) {
            double dot = 0;
            for (int k = 0; k < d; k++) {
              dot += u[b * d + k] * q[(g * n + j) * d + k];
            }
            assertEquals(dot, s[b * n + j], 1e-4, rows + " rows: row " + b + " negative " + j);
          }
        }
      }
    }
  }

  @Test
  void mfBprLearnsThePlantedGroups() throws Exception {
    train("mf-bpr", "uniform", 1, dir.resolve("bpr"));
  }

  @Test
  void bpoLearnsThePlantedGroups() throws Exception {
    train("bpo", "uniform", 4, dir.resolve("bpo"));
  }

  @Test
  void nbpoLearnsThePlantedGroupsWithFlipRateWeights() throws Exception {
    train("nbpo", "nbpo", 4, dir.resolve("nbpo"));
  }

  @Test
  void simplexLearnsThePlantedGroupsFromSharedNegatives() throws Exception {
    train("simplex", "large-ratio(shared=true)", 32, dir.resolve("simplex"));
  }

  @Test
  void dnsDrawsThroughTheModelsOwnScores() throws Exception {
    train("mf-bpr", "dns(candidates=4)", 1, dir.resolve("dns"));
  }

  @Test
  void nbpoWeightsAreProbabilitiesAndOtherModelsHaveNoFlipRates() {
    UserItems[] d = planted(3);
    try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
        RecModel nbpo = RecModels.create(manager, settings("nbpo"), d[0]);
        RecModel bpr = RecModels.create(manager, settings("mf-bpr"), d[0])) {
      float[] w = new float[6];
      nbpo.flipRates().trueNegativeProbability(new int[] {0, 5}, new int[] {1, 2, 3, 40, 50, 60}, 3, w);
      for (float x : w) {
        assertTrue(x > 0 && x <= 1, "weight " + x);
      }
      assertEquals(null, bpr.flipRates());
    }
  }

  @Test
  void aSavedModelOpensToTheSameScoresAndRefusesOtherData() throws Exception {
    UserItems[] d = planted(3);
    try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
        RecModel m = RecModels.create(manager, settings("simplex"), d[0])) {
      new RecTrainer(m, d[0], new TrainSettings(1, 64, 0.05f, 8, "uniform", 1, 3))
          .run(dir.resolve("run"), false, new TrainingLoop.Hooks() {}, ProgressListener.NONE);
      RecModels.save(m, dir.resolve("model"), "h1");
      float[] before = m.score(new int[] {0, 7}, new int[] {1, 2, 3, 4}, 2);
      try (RecModel back = RecModels.open(manager, dir.resolve("model"), d[0], "h1")) {
        assertArrayEquals(before, back.score(new int[] {0, 7}, new int[] {1, 2, 3, 4}, 2), 1e-6f);
      }
      assertThrows(IllegalArgumentException.class, () -> RecModels.open(manager, dir.resolve("model"), d[0], "h2"));
      // A descriptor written before leaveTargetOut existed opens with it off.
      Path descriptor = dir.resolve("model").resolve(RecModels.DESCRIPTOR);
      String text = java.nio.file.Files.readString(descriptor);
      assertTrue(text.contains("\"leaveTargetOut\" : false"), text);
      java.nio.file.Files.writeString(descriptor, text.replace("\"leaveTargetOut\" : false,", "")
          .replace(",\n  \"leaveTargetOut\" : false", ""));
      assertTrue(!java.nio.file.Files.readString(descriptor).contains("leaveTargetOut"));
      try (RecModel old = RecModels.open(manager, dir.resolve("model"), d[0], "h1")) {
        assertTrue(!old.settings().leaveTargetOut());
        assertArrayEquals(before, old.score(new int[] {0, 7}, new int[] {1, 2, 3, 4}, 2), 1e-6f);
      }
    }
  }

  @Test
  void aSeedFixesTheTrainedWeights() throws Exception {
    UserItems[] d = planted(3);
    float[][] scores = new float[2][];
    for (int run = 0; run < 2; run++) {
      try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
          RecModel m = RecModels.create(manager, settings("mf-bpr"), d[0])) {
        new RecTrainer(m, d[0], new TrainSettings(2, 32, 0.05f, 2, "popularity", 5, 0))
            .run(dir.resolve("seeded" + run), false, new TrainingLoop.Hooks() {}, ProgressListener.NONE);
        scores[run] = m.score(new int[] {0, 1, 2}, new int[] {5, 6, 7, 8, 9, 10}, 2);
      }
    }
    assertArrayEquals(scores[0], scores[1]);
  }

  @Test
  void aRunKilledAfterAnEpochResumesToTheUninterruptedWeights() throws Exception {
    UserItems[] d = planted(3);
    TrainSettings ts = new TrainSettings(2, 32, 0.05f, 4, "large-ratio", 9, 0);
    float[] straight;
    try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
        RecModel m = RecModels.create(manager, settings("simplex"), d[0])) {
      new RecTrainer(m, d[0], ts).run(dir.resolve("straight"), false, new TrainingLoop.Hooks() {}, ProgressListener.NONE);
      straight = m.score(new int[] {0, 1}, new int[] {3, 4, 5, 6}, 2);
    }
    Path out = dir.resolve("killed");
    TrainingLoop.Hooks crash = new TrainingLoop.Hooks() {
      @Override
      public java.util.Map<String, Double> afterEpoch(int epoch, int step) {
        throw new IllegalStateException("killed after epoch " + epoch);
      }
    };
    try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
        RecModel m = RecModels.create(manager, settings("simplex"), d[0])) {
      assertThrows(IllegalStateException.class, () -> new RecTrainer(m, d[0], ts).run(out, false, crash, ProgressListener.NONE));
    }
    assertTrue(java.nio.file.Files.exists(out.resolve("checkpoint/state.json")), "the epoch's checkpoint survives");
    try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
        RecModel m = RecModels.create(manager, settings("simplex"), d[0])) {
      new RecTrainer(m, d[0], ts).run(out, true, new TrainingLoop.Hooks() {}, ProgressListener.NONE);
      float[] resumed = m.score(new int[] {0, 1}, new int[] {3, 4, 5, 6}, 2);
      assertArrayEquals(straight, resumed, 1e-5f, () -> "training logs, uninterrupted then killed and resumed:\n"
          + readLog(dir.resolve("straight")) + "---\n" + readLog(out));
    }
  }

  private static String readLog(Path run) {
    try {
      return java.nio.file.Files.readString(run.resolve("log.jsonl"));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
