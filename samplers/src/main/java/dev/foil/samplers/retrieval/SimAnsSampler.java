package dev.foil.samplers.retrieval;

import dev.foil.samplers.NegativeSampler;
import dev.foil.samplers.SamplingContext;
import dev.foil.samplers.WeightedDraw;
import dev.foil.samplers.plugin.Parameters;
import dev.foil.samplers.plugin.Spec;
import java.util.List;

/**
 * SimANS: ambiguous negatives near the positive's score (Zhou et al., "SimANS: Simple Ambiguous
 * Negatives Sampling for Dense Text Retrieval", EMNLP 2022 industry track, Eq. 2), drawn without
 * replacement from the candidates (the retriever's top k). Four forms, each its own plugin:
 *
 * <ul>
 *   <li>{@code simans-z(a,b)}, the scale-free form and Foil's default: Eq. 2 on scores standardised over
 *       the anchor's pool ({@link ZScores}), p_i ∝ exp(−a · (z_i − z⁺ − b)²), so that {@code a} and
 *       {@code b} mean the same on BM25 and on cosine scores;
 *   <li>{@code simans(a,b)}, as the paper writes it, on raw scores: p_i ∝ exp(−a · (s_i − s⁺ − b)²), where
 *       {@code a} is in inverse squared score units;
 *   <li>{@code simans-code(a,b)}, the sign the authors' released code uses: p_i ∝ exp(−a · (s_i − s⁺ + b)²);
 *   <li>{@code simans-laplace(tau)}, the Laplacian kernel also found in that code: p_i ∝ exp(−τ · |s_i − s⁺|).
 * </ul>
 *
 * s⁺ is the positive's score under the reference source (the lowest positive's when there are several).
 * The draw works on log-weights ({@link WeightedDraw}), so any {@code a} keeps the kernel's odds: a
 * large {@code a} on BM25-scale gaps concentrates the draw on the candidates closest to s⁺ rather than
 * underflowing to no draw at all.
 */
public final class SimAnsSampler implements NegativeSampler {
  enum Form { Z, PAPER, CODE, LAPLACE }

  /** Each thread's log-weights buffer: allocating 200 doubles per anchor cost 6–15 % of the stage's speed. */
  private static final ThreadLocal<double[]> LOG_WEIGHTS = ThreadLocal.withInitial(() -> new double[0]);

  private final Form form;
  private final double a;
  private final double b;

  /** The paper's form with a = 1, b = 0. */
  public SimAnsSampler() {
    this(Form.PAPER, 1, 0);
  }

  SimAnsSampler(Form form, double a, double b) {
    this.form = form;
    this.a = a;
    this.b = b;
  }

  /** {@code simans-z(a,b)}: Eq. 2 on per-anchor z-scores. */
  public static final class Standardised extends SamplerVariant {
    public Standardised() {
      super("simans-z", new SimAnsSampler(Form.Z, 1, 0));
    }
  }

  /** {@code simans-code(a,b)}: the sign-flipped b of the released code. */
  public static final class Code extends SamplerVariant {
    public Code() {
      super("simans-code", new SimAnsSampler(Form.CODE, 1, 0));
    }
  }

  /** {@code simans-laplace(tau)}: the Laplacian kernel of the released code. */
  public static final class Laplace extends SamplerVariant {
    public Laplace() {
      super("simans-laplace", new SimAnsSampler(Form.LAPLACE, 1, 0));
    }
  }

  @Override
  public String name() {
    return switch (form) {
      case Z -> "simans-z";
      case PAPER -> "simans";
      case CODE -> "simans-code";
      case LAPLACE -> "simans-laplace";
    };
  }

  @Override
  public NegativeSampler configure(Spec spec) {
    if (form == Form.LAPLACE) {
      Parameters p = Parameters.bind(spec, List.of("tau"));
      return new SimAnsSampler(form, p.positive("tau", 1), 0);
    }
    Parameters p = Parameters.bind(spec, List.of("a", "b"));
    return new SimAnsSampler(form, p.positive("a", 1), p.number("b", 0));
  }

  @Override
  public String spec() {
    return form == Form.LAPLACE
        ? name() + "(tau=" + Parameters.format(a) + ")"
        : name() + "(a=" + Parameters.format(a) + ",b=" + Parameters.format(b) + ")";
  }

  /**
   * The natural log of the unnormalised sampling weight of a candidate scoring {@code s} against
   * positive score {@code pos}, both on this form's scale (z-scores for {@code simans-z}).
   */
  public double logWeight(double s, double pos) {
    return form == Form.LAPLACE ? -a * Math.abs(s - pos) : gaussian(s, centre(pos));
  }

  /** Where the Gaussian forms' kernel peaks for a positive at {@code pos}: s⁺ + b (s⁺ − b in the code's sign). */
  private double centre(double pos) {
    return form == Form.CODE ? pos - b : pos + b;
  }

  /** Eq. 2's log-weight, −a·(s − centre)². */
  private double gaussian(double s, double centre) {
    double d = s - centre;
    return -a * d * d;
  }

  /**
   * Every candidate's log-weight, on the form's scale, in this thread's buffer (valid until the thread's
   * next call: both callers hand it straight to {@link WeightedDraw}); {@code simans-z} standardises
   * each score as it goes (the same z = (s − μ)/σ as {@link ZScores}), without an array of z-scores.
   */
  private double[] logWeights(SamplingContext c) {
    float[] s = c.scores();
    double[] lw = LOG_WEIGHTS.get();
    if (lw.length != s.length) {
      lw = new double[s.length];
      LOG_WEIGHTS.set(lw);
    }
    double pos = c.positiveScore();
    if (form == Form.LAPLACE) {
      for (int i = 0; i < lw.length; i++) {
        lw[i] = logWeight(s[i], pos);
      }
    } else if (form == Form.Z) {
      ZScores.Standardisation z = ZScores.Standardisation.of(s);
      double centre = centre(z.z(pos));
      for (int i = 0; i < lw.length; i++) {
        lw[i] = gaussian(z.z(s[i]), centre);
      }
    } else {
      double centre = centre(pos);
      for (int i = 0; i < lw.length; i++) {
        lw[i] = gaussian(s[i], centre);
      }
    }
    return lw;
  }

  @Override
  public int[] sample(SamplingContext c, int n) {
    int[] picked = WeightedDraw.withoutReplacement(logWeights(c), n, c.rng());
    int[] out = new int[picked.length];
    for (int i = 0; i < picked.length; i++) {
      out[i] = c.docs()[picked[i]];
    }
    return out;
  }

  /** p_i = w_i / Σ w, the weights of {@link #sample}. */
  @Override
  public double[] firstDrawProbabilities(SamplingContext c) {
    return WeightedDraw.firstDrawProbabilities(logWeights(c));
  }

  @Override
  public String toString() {
    return spec();
  }
}
