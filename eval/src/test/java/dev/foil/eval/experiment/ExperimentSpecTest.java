package dev.foil.eval.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.foil.index.data.InputFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSpecTest {
  @TempDir Path dir;

  private ExperimentSpec read(String yaml) throws Exception {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, yaml);
    return ExperimentSpec.read(f);
  }

  private InputFormatException bad(String yaml) {
    return assertThrows(InputFormatException.class, () -> read(yaml));
  }

  @Test
  void defaultsAndRelativeDatasetPaths() throws Exception {
    ExperimentSpec s = read("name: x\ndataset: data/beir\nsamplers: [top-k]\n");
    assertEquals(dir.resolve("data/beir"), s.dataset(), "relative to the spec's directory");
    assertEquals(ExperimentSpec.RETRIEVAL, s.task());
    assertEquals(List.of("bm25"), s.sources());
    assertEquals(List.of(42L), s.seeds());
    assertEquals("train", s.mining().split());
    assertEquals(15, s.mining().n());
    assertEquals(List.of("ndcg@10", "recall@100"), s.eval().metrics());
    assertEquals(List.of("rr@10", "ndcg@10"),
        read("name: x\ndataset: d\nsamplers: [top-k]\neval: {metrics: [mrr@10, ndcg@10]}\n").eval().metrics(),
        "metrics are kept under their canonical names");
    assertEquals(List.of("recall@20", "ndcg@20"),
        read("name: r\ntask: recsys\ndataset: /d\nsamplers: [uniform]\nmodel: {train: mf-bpr}\n").eval().metrics());
  }

  @Test
  void jsonIsReadToo() throws Exception {
    ExperimentSpec s = read("{\"name\": \"j\", \"synthetic\": {\"seed\": 1, \"topics\": 3, \"queries_per_topic\": 2},"
        + " \"samplers\": [\"random\"], \"seeds\": [5, 6]}");
    assertEquals(new ExperimentSpec.Synthetic(1, 3, 2), s.synthetic());
    assertEquals(List.of(5L, 6L), s.seeds());
  }

  @Test
  void errorsNameTheFileLineAndField() {
    InputFormatException unknown = bad("name: x\ndataset: d\nsamplers: [top-k]\nmining:\n  splitt: train\n");
    assertEquals(5, unknown.line());
    assertEquals("mining.splitt", unknown.field());
    assertTrue(unknown.getMessage().contains("unknown setting \"splitt\""), unknown.getMessage());

    InputFormatException type = bad("name: x\ndataset: d\nsamplers: [top-k]\nseeds: [1, two]\n");
    assertEquals(4, type.line());
    assertEquals("seeds[1]", type.field());

    assertTrue(bad("name: x\nsamplers: [top-k]\n").getMessage().contains("exactly one of dataset"));
    assertTrue(bad("name: x\ndataset: d\nsamplers: [\"simans(a=\"]\n").getMessage().contains("samplers[0]"));
    assertTrue(bad("name: x\ndataset: d\ntask: ranking\nsamplers: [top-k]\n").getMessage().contains("neither retrieval"));
    assertTrue(bad("name: x\ndataset: d\nsources: [splade]\nsamplers: [top-k]\n").getMessage().contains("splade"));
    assertTrue(bad("name: x\ndataset: d\n").getMessage().contains("nothing to compare"));
    assertTrue(bad("name: x\ndataset: d\nsamplers: [top-k]\nmodel: {train: simplex}\n").getMessage()
        .contains("retrieval experiments train a bi-encoder"));
    assertTrue(bad("name: x\ntask: recsys\ndataset: d\nsamplers: [top-k]\nmodel: {train: simplex}\n").getMessage()
        .contains("samplers[0]"), "recsys samplers are item samplers");
    assertTrue(bad("name: [x\n").getMessage().contains("spec.yaml"), "a YAML syntax error names the file");
    assertTrue(bad("name: x\ndataset: d\nsamplers: [top-k]\neval: {metrics: [ndcg@10, ndgc@10]}\n").getMessage()
        .contains("eval.metrics[1]"), "a misspelt metric is refused before anything runs");
    assertTrue(bad("name: x\ntask: recsys\ndataset: d\nsamplers: [uniform]\nmodel: {train: mf-bpr}\n"
        + "eval: {metrics: [recall@20, mrr@20]}\n").getMessage().contains("eval.metrics[1]"),
        "recsys metrics are those foil recsys train reports");
  }

  @Test
  void aNameThatIsAPathIsRefused() {
    for (String name : List.of("../../escaped", "a/b", "/abs", "..", ".hidden", "a\\\\b")) {
      InputFormatException e = bad("name: \"" + name + "\"\ndataset: d\nsamplers: [top-k]\n");
      assertTrue(e.getMessage().contains("is not a name"), name + ": " + e.getMessage());
    }
  }
}
