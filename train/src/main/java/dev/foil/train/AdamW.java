package dev.foil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.foil.index.io.AtomicFile;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, ICLR 2019) with a {@link Schedule}d learning rate and global-norm
 * gradient clipping, over named parameters. Its moments can be saved and loaded, so a resumed run
 * continues exactly where it stopped.
 *
 * <p>A step whose gradient norm is not finite is skipped (weights and moments unchanged) and counted.
 *
 * <p>Update at step t: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − η_t (m̂/(√v̂ + ε) + λw), with
 * m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ).
 */
public final class AdamW {
  private final Map<String, NDArray> params;
  private final Schedule schedule;
  private final float weightDecay;
  private final float maxGradNorm;
  private final float beta1 = 0.9f;
  private final float beta2 = 0.999f;
  private final float eps = 1e-8f;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private int step;
  private int skipped;
  /** The gradient norm measured since the last backward pass, valid until the gradients change. */
  private float measured;
  private boolean measuredValid;

  /**
   * @param params the parameters to train; each gets {@code setRequiresGradient(true)}
   * @param maxGradNorm clip the global L2 norm of all gradients to this; ≤ 0 disables clipping
   */
  public AdamW(Map<String, NDArray> params, Schedule schedule, float weightDecay, float maxGradNorm) {
    if (weightDecay < 0) {
      throw new IllegalArgumentException("illegal weightDecay value: " + weightDecay + ", must be at least 0");
    }
    this.params = new LinkedHashMap<>(params);
    this.schedule = schedule;
    this.weightDecay = weightDecay;
    this.maxGradNorm = maxGradNorm;
    this.params.values().forEach(p -> p.setRequiresGradient(true));
  }

  /** Steps taken. */
  public int step() {
    return step;
  }

  /** The learning rate the next step uses. */
  public float learningRate() {
    return schedule.rate(step);
  }

  /**
   * Applies one update from the gradients the last backward pass left, then zeroes them.
   *
   * @return the global gradient norm before clipping
   */
  public float update() {
    float norm = gradientNorm();
    measuredValid = false;
    if (!Float.isFinite(norm)) {
      // An overflowing or NaN gradient would poison every weight through the moments: skip the step
      // (the caller sees the non-finite norm and logs it) and keep the weights as they were.
      zeroGradients();
      skipped++;
      return norm;
    }
    float clip = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / (norm + 1e-6f) : 1f;
    float lr = schedule.rate(step);
    step++;
    float c1 = (float) (1 - Math.pow(beta1, step));
    float c2 = (float) (1 - Math.pow(beta2, step));
    for (var e : params.entrySet()) {
      NDArray w = e.getValue();
      // Moments live as long as the parameter; everything else below is closed with the scope.
      NDArray mi = m.computeIfAbsent(e.getKey(), k -> w.zerosLike());
      NDArray vi = v.computeIfAbsent(e.getKey(), k -> w.zerosLike());
      try (NDScope scope = new NDScope()) {
        NDArray g = w.getGradient();
        NDArray gc = clip == 1f ? g : g.mul(clip);
        mi.muli(beta1).addi(gc.mul(1 - beta1));
        vi.muli(beta2).addi(gc.square().muli(1 - beta2));
        if (weightDecay > 0) {
          w.subi(w.mul(lr * weightDecay));
        }
        // m̂/(√v̂ + ε) = (√c2/c1) · m/(√v + ε√c2): the bias corrections folded into one scalar, which
        // saves passes over large embedding tables.
        float root2 = (float) Math.sqrt(c2);
        w.subi(mi.div(vi.sqrt().addi(eps * root2)).muli(lr * root2 / c1));
        g.subi(g);
      }
    }
    return norm;
  }

  /**
   * The global norm of the gradients the last backward pass left (measured once; {@link #update} reuses
   * it), so a caller can see a non-finite gradient before deciding what to do with it.
   */
  public float gradientNorm() {
    if (!measuredValid) {
      double sq = 0;
      for (NDArray w : params.values()) {
        try (NDScope scope = new NDScope()) {
          double n = w.getGradient().norm().getFloat();
          sq += n * n;
        }
      }
      measured = (float) Math.sqrt(sq);
      measuredValid = true;
    }
    return measured;
  }

  /** Drops the gradients of the last backward pass without updating anything. */
  public void discardGradients() {
    zeroGradients();
    measuredValid = false;
  }

  /** Steps skipped because their gradient was not finite. */
  public int skipped() {
    return skipped;
  }

  private void zeroGradients() {
    for (NDArray w : params.values()) {
      try (NDScope scope = new NDScope()) {
        // Overwritten rather than subtracted: NaN − NaN is NaN.
        w.getGradient().set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
      }
    }
  }

  /** Writes the step count and moments atomically. */
  public void save(Path file) throws IOException {
    NDList list = new NDList();
    for (String name : params.keySet()) {
      if (m.containsKey(name)) {
        NDArray a = m.get(name);
        a.setName("m:" + name);
        NDArray b = v.get(name);
        b.setName("v:" + name);
        list.add(a);
        list.add(b);
      }
    }
    AtomicFile.writeBytes(file, out -> {
      DataOutputStream d = new DataOutputStream(out);
      d.writeInt(step);
      d.flush();
      list.encode(out);
    });
  }

  /** Restores what {@link #save} wrote. */
  public void load(Path file, NDManager manager) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      DataInputStream d = new DataInputStream(in);
      step = d.readInt();
      NDList list = NDList.decode(manager, in);
      for (NDArray a : list) {
        String name = a.getName();
        (name.startsWith("m:") ? m : v).put(name.substring(2), a);
      }
    }
  }
}
