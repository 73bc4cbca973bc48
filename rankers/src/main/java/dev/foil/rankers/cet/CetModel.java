package dev.foil.rankers.cet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foil.rankers.model.ModelDirectory;
import dev.foil.samplers.adapt.SelectionModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The two coupled models of CET pooling-bias correction (Cai et al., "Hard Negatives or False
 * Negatives: Correcting Pooling Bias in Training Neural Ranking Models", CIKM 2022): a selection model
 * s(z) = P(judged | z) over where the candidate sat in the pool, and a relevance model r(x) =
 * P(relevant | x) over its retrieval scores, such that a candidate is observed as a judged positive
 * with probability s(z)·r(x). Both are logistic: s = σ(β·z), r = σ(α·x), with the features of
 * {@link CetFeatures}. As a {@link SelectionModel} it feeds the sampler engine's weighting stage.
 *
 * @param alpha relevance coefficients, one per {@link CetFeatures#relevance} feature
 * @param beta selection coefficients, one per {@link CetFeatures#selection} feature
 * @param sources the pool's sources, in the order the relevance features use them
 * @param unranked the rank assumed for a candidate the reference source did not rank
 */
public record CetModel(double[] alpha, double[] beta, java.util.List<String> sources, int unranked)
    implements SelectionModel {
  /** The {@code format} of {@code foil-model.json}. */
  public static final String FORMAT = "foil-cet";
  private static final ObjectMapper JSON = new ObjectMapper();

  public CetModel {
    alpha = alpha.clone();
    beta = beta.clone();
    sources = java.util.List.copyOf(sources);
    if (beta.length != CetFeatures.SELECTION || alpha.length != CetFeatures.relevanceWidth(sources.size())) {
      throw new IllegalArgumentException("coefficients do not fit: " + alpha.length + " relevance, " + beta.length
          + " selection for " + sources.size() + " sources");
    }
  }

  @Override
  public double[] pJudged(String queryId, int[] candidates, int[] ranks) {
    double[] p = new double[candidates.length];
    double[] z = new double[CetFeatures.SELECTION];
    for (int i = 0; i < p.length; i++) {
      CetFeatures.selection(ranks[i], unranked, z, 0);
      p[i] = Math.max(1e-6, sigmoid(dot(beta, z, 0)));
    }
    return p;
  }

  /** s(z) for the selection row at {@code offset}. */
  public double selection(double[] z, int offset) {
    return sigmoid(dot(beta, z, offset));
  }

  /** r(x) for the relevance row at {@code offset}. */
  public double relevance(double[] x, int offset) {
    return sigmoid(dot(alpha, x, offset));
  }

  static double dot(double[] w, double[] x, int offset) {
    double s = 0;
    for (int k = 0; k < w.length; k++) {
      s += w[k] * x[offset + k];
    }
    return s;
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** Whether {@code dir} holds a CET model. */
  public static boolean isModelDir(Path dir) {
    return ModelDirectory.hasFormat(dir, FORMAT);
  }

  /** Writes {@code dir/foil-model.json}. */
  public void save(Path dir) throws IOException {
    ModelDirectory.beginSave(dir);
    ObjectNode n = JSON.createObjectNode();
    n.put("format", FORMAT).put("unranked", unranked);
    ArrayNode s = n.putArray("sources");
    sources.forEach(s::add);
    ArrayNode a = n.putArray("alpha");
    Arrays.stream(alpha).forEach(a::add);
    ArrayNode b = n.putArray("beta");
    Arrays.stream(beta).forEach(b::add);
    ModelDirectory.finishSave(dir, n);
  }

  /** Reads what {@link #save} wrote. */
  public static CetModel load(Path dir) {
    JsonNode n = ModelDirectory.read(dir, FORMAT);
    java.util.List<String> sources = new java.util.ArrayList<>();
    n.path("sources").forEach(v -> sources.add(v.asText()));
    return new CetModel(doubles(n.path("alpha")), doubles(n.path("beta")), sources, n.path("unranked").asInt());
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  @Override
  public String toString() {
    return "CetModel[alpha=" + Arrays.toString(alpha) + ", beta=" + Arrays.toString(beta) + ", sources=" + sources + "]";
  }
}
