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

  @Test
  void aSweepChoosesOnValidationAndIsCheckedWhenRead() throws Exception {
    ExperimentSpec s = read("""
        name: x
        dataset: /d
        samplers: [top-k]
        model: {train: bi-encoder, options: {epochs: 1, eval_split: test}}
        seeds: [3, 4]
        sweep:
          samplers: {simans-z: ["simans-z(a=0.5,b=0)", "simans-z(a=2,b=0)"], window: ["window(10,100)"]}
        """);
    ExperimentSpec.Sweep sweep = s.sweep();
    assertEquals(0.2, sweep.fraction());
    assertEquals("ndcg@10", sweep.metric(), "the first evaluation metric");
    assertEquals(List.of(3L), sweep.seeds(), "the grid's first seed");
    ExperimentSpec v = s.validationPhase(Path.of("/v"));
    assertEquals(List.of("simans-z(a=0.5,b=0)", "simans-z(a=2,b=0)", "window(10,100)"), v.samplers());
    assertEquals(ValidationSplit.SPLIT, v.eval().split(), "validation never evaluates on the test split");
    assertEquals(ValidationSplit.SPLIT, v.model().options().get("eval_split"), "not even per epoch");
    assertEquals(Path.of("/v"), v.dataset());
    assertEquals(null, v.sweep());
    assertEquals(List.of("top-k", "window(10,100)"), s.withChosen(List.of("window(10,100)")).samplers());

    assertTrue(bad("name: x\ndataset: /d\nsamplers: [top-k]\nmodel: {train: bi-encoder}\n"
        + "sweep: {metric: recall@10, samplers: {w: [top-k]}}\n").getMessage().contains("also a fixed sampler"));
    assertTrue(bad("name: x\ndataset: /d\nsamplers: [top-k]\nmodel: {train: bi-encoder}\n"
        + "sweep: {metric: recall@10, samplers: {w: [random]}}\n").getMessage()
        .contains("sweep.metric: recall@10 is not one of eval.metrics"));
    assertTrue(bad("name: x\ndataset: /d\nsamplers: [top-k]\nsweep: {samplers: {w: [random]}}\n").getMessage()
        .contains("sweep: needs a model"));
    assertTrue(bad("name: x\ndataset: /d\nmodel: {train: bi-encoder}\nsweep: {fraction: 1.5, samplers: {w: [random]}}\n")
        .getMessage().contains("sweep.fraction: 1.5 is not in (0, 1)"));
  }

  @Test
  void theValidationSplitHoldsOutASeededShareOfTheTrainingQueriesAndDropsTheTestSplit() throws Exception {
    Path data = dir.resolve("beir");
    Files.createDirectories(data.resolve("qrels"));
    Files.writeString(data.resolve("corpus.jsonl"), "{\"_id\":\"d1\",\"text\":\"x\"}\n");
    Files.writeString(data.resolve("queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"y\"}\n");
    StringBuilder train = new StringBuilder("query-id\tcorpus-id\tscore\n");
    for (int q = 0; q < 50; q++) {
      train.append("q").append(q).append("\td1\t1\n").append("q").append(q).append("\td2\t1\n");
    }
    Files.writeString(data.resolve("qrels/train.tsv"), train);
    Files.writeString(data.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nt1\td1\t1\n");
    ValidationSplit.Outcome o = ValidationSplit.write(data, "train", 0.2, 7, dir.resolve("v"));
    assertEquals(40, o.trainingQueries());
    assertEquals(10, o.validationQueries());
    Path v = dir.resolve("v");
    assertEquals(Files.readString(data.resolve("corpus.jsonl")), Files.readString(v.resolve("corpus.jsonl")));
    assertTrue(!Files.exists(v.resolve("qrels/test.tsv")), "the test judgments are not carried over");
    var fit = dev.foil.index.data.QrelsReader.read(v.resolve("qrels/train.tsv"));
    var val = dev.foil.index.data.QrelsReader.read(v.resolve("qrels/validation.tsv"));
    assertEquals(40, fit.queryIds().size());
    assertEquals(10, val.queryIds().size());
    assertTrue(fit.queryIds().stream().noneMatch(val.queryIds()::contains), "disjoint");
    assertEquals(2, val.judgments(val.queryIds().iterator().next()).size(), "a query's judgments stay together");
    String first = Files.readString(v.resolve("qrels/validation.tsv"));
    ValidationSplit.write(data, "train", 0.2, 7, dir.resolve("v"));
    assertEquals(first, Files.readString(v.resolve("qrels/validation.tsv")), "a seed fixes the split");
    ValidationSplit.write(data, "train", 0.2, 8, dir.resolve("w"));
    assertTrue(!first.equals(Files.readString(dir.resolve("w/qrels/validation.tsv"))), "another seed, another split");

    // The same judgments in TREC's layout (query 0 doc grade, space-separated) divide the same way.
    StringBuilder trec = new StringBuilder();
    for (int q = 0; q < 50; q++) {
      trec.append("q").append(q).append(" 0 d1 1\n").append("q").append(q).append(" 0 d2 1\n");
    }
    Files.writeString(data.resolve("qrels/train.tsv"), trec);
    ValidationSplit.write(data, "train", 0.2, 7, dir.resolve("t"));
    assertEquals(first, Files.readString(dir.resolve("t/qrels/validation.tsv")));
    assertEquals(Files.readString(v.resolve("qrels/train.tsv")), Files.readString(dir.resolve("t/qrels/train.tsv")));
  }

  @Test
  void theShippedSpecsReadAndPlan() throws Exception {
    // The specs in specs/ are commands the docs quote: each must read, and its grid (or, with a sweep, its
    // validation phase and a grid of its first candidates) must plan, without the data being there.
    Path specs = Path.of("..", "specs");
    List<Path> files;
    try (var list = Files.list(specs)) {
      files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 4, "specs found: " + files);
    for (Path f : files) {
      ExperimentSpec spec = ExperimentSpec.read(f);
      if (spec.sweep() != null) {
        ExperimentPlan.of(spec.validationPhase(dir.resolve("validation")), dir.resolve("v"), 0);
        List<String> firsts = spec.sweep().groups().values().stream().map(g -> g.get(0)).toList();
        spec = spec.withChosen(firsts);
      }
      assertTrue(!ExperimentPlan.of(spec, dir.resolve("steps"), 0).steps().isEmpty(), f.toString());
    }
  }
}
