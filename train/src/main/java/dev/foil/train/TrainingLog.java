package dev.foil.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The JSON Lines log of a training run ({@code log.jsonl} in the output directory): one object per
 * step ({@code {"type":"step","step","epoch","loss","lr","grad_norm","examples_per_s"}}) and per
 * evaluation ({@code {"type":"eval","step", metric: value…}}). A resumed run appends.
 */
public final class TrainingLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;

  public TrainingLog(Path file, boolean append) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
  }

  /** Logs one optimisation step. */
  public void step(int step, int epoch, double loss, double lr, double gradNorm, double examplesPerSecond) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "step").put("step", step).put("epoch", epoch).put("loss", loss).put("lr", lr)
        .put("grad_norm", gradNorm).put("examples_per_s", examplesPerSecond);
    write(n);
  }

  /** Logs an evaluation's metrics. */
  public void eval(int step, Map<String, Double> metrics) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "eval").put("step", step);
    metrics.forEach(n::put);
    write(n);
  }

  /** Logs a free-form event (re-mining, resume). */
  public void event(int step, String what, Map<String, ?> fields) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", what).put("step", step);
    fields.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
    write(n);
  }

  private void write(ObjectNode n) {
    try {
      out.write(JSON.writeValueAsString(n));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
