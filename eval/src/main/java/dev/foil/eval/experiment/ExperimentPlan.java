package dev.foil.eval.experiment;

import dev.foil.eval.training.EvaluatedTraining;
import dev.foil.index.fusion.PooledCandidateSource;
import dev.foil.index.job.JobOptions;
import dev.foil.index.run.RunSearch;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.DenseSource;
import dev.foil.index.source.SourceSet;
import dev.foil.index.source.SourceSpec;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.samplers.format.TrainingFormat;
import dev.foil.samplers.mining.MiningSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The grid of an {@link ExperimentSpec} as steps: generate or take the dataset, index and encode it
 * once, run each first-stage source, and for every sampler and seed mine negatives, train the model
 * (once per variant of its options, on the same negatives) and search with it. Every step is a typed
 * call of a library service ({@link StepAction}); a training step's settings are the trainer's declared
 * options, which the spec's {@code model.options} (and a variant's) set by name. Every step also renders its {@code foil} command line, and its
 * outputs live in its own step directory, so the report can list the exact commands and the runner can
 * skip what is already done.
 */
public final class ExperimentPlan {
  /** Which steps produce a row's cells. */
  public record Cell(Long seed, String mine, String train, String search) {}

  /** A row of the comparison: a first-stage source or a sampler, one cell per seed. */
  public record Row(String group, String label, List<Cell> cells) {}

  /** Row group of first-stage baselines. */
  public static final String FIRST_STAGE = "first-stage";
  /** Row group of samplers. */
  public static final String SAMPLER = "sampler";

  private final ExperimentSpec spec;
  private final Path dataset;
  private final List<Step> steps = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();

  private ExperimentPlan(ExperimentSpec spec, Path stepsDir, List<String> common) {
    this.spec = spec;
    if (spec.synthetic() != null) {
      ExperimentSpec.Synthetic s = spec.synthetic();
      Path dir = stepsDir.resolve("generate");
      add(new Step("generate", args(common, "generate", "--seed", s.seed(), "--topics", s.topics(),
          "--queries-per-topic", s.queriesPerTopic(), "--out", dir.resolve("collection")), List.of(), dir, null,
          new StepAction.Generate(SyntheticCollection.Parameters.sized(s.seed(), s.topics(), s.queriesPerTopic()),
              dir.resolve("collection"))));
      this.dataset = dir.resolve("collection");
    } else {
      this.dataset = spec.dataset();
    }
    Set<String> slugs = new HashSet<>();
    for (String sampler : spec.samplers()) {
      if (!slugs.add(slug(sampler))) {
        throw new IllegalArgumentException("samplers: \"" + sampler + "\" is listed twice");
      }
    }
    List<String> root = spec.synthetic() != null ? List.of("generate") : List.of();
    if (spec.task().equals(ExperimentSpec.RECSYS)) {
      planRecsys(stepsDir, common);
    } else {
      planRetrieval(stepsDir, common, root);
    }
  }

  /**
   * @param stepsDir where the step directories go
   * @param threads {@code --threads} of every command, or 0 for the commands' default
   */
  public static ExperimentPlan of(ExperimentSpec spec, Path stepsDir, int threads) {
    List<String> common = new ArrayList<>(List.of("--quiet"));
    if (threads > 0) {
      common.addAll(List.of("--threads", Integer.toString(threads)));
    }
    return new ExperimentPlan(spec, stepsDir, common);
  }

  public ExperimentSpec spec() {
    return spec;
  }

  /** The dataset directory (inside the generate step's directory for a synthetic collection). */
  public Path dataset() {
    return dataset;
  }

  /** Steps in an order that runs every step after the steps it reads. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The step with this id. */
  public Step step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no step " + id));
  }

  private void planRetrieval(Path stepsDir, List<String> common, List<String> root) {
    Path queries = dataset.resolve("queries.jsonl");
    Path indexDir = stepsDir.resolve("index");
    Path index = indexDir.resolve("index");
    add(new Step("index", args(common, "index", "--corpus", dataset, "--index", index), root, indexDir, null,
        new StepAction.Index(dataset, index)));
    Path store = null;
    if (spec.needsDense()) {
      Path dir = stepsDir.resolve("encode");
      List<Object> a = new ArrayList<>(List.of("encode", "--corpus", dataset, "--model", spec.dense().model()));
      if (spec.dense().maxLength() != null) {
        a.addAll(List.of("--max-length", spec.dense().maxLength()));
      }
      a.addAll(List.of("--out", dir.resolve("store")));
      store = dir.resolve("store");
      add(new Step("encode", args(common, a.toArray()), root, dir, null,
          new StepAction.Encode(dataset, spec.dense().model(), spec.dense().maxLength(), store)));
    }
    for (String source : spec.firstStage()) {
      String id = "first-stage-" + source;
      Path dir = stepsDir.resolve(id);
      List<Object> a = new ArrayList<>(List.of("search", "--queries", queries, "--split", spec.eval().split()));
      a.addAll(source.equals("bm25") ? List.of("--index", index) : List.of("--dense", store));
      a.addAll(List.of("--k", spec.eval().depth(), "--out", dir.resolve("run.trec")));
      SourceSet sources = SourceSet.of(source.equals("bm25") ? Bm25Source.of(index) : DenseSource.of(store));
      add(new Step(id, args(common, a.toArray()), List.of(source.equals("bm25") ? "index" : "encode"), dir, null,
          new StepAction.Search(search(queries, spec.eval().split(), sources, dir.resolve("run.trec")))));
      rows.add(new Row(FIRST_STAGE, source, List.of(new Cell(null, null, null, id))));
    }
    for (String sampler : spec.samplers()) {
      String slug = slug(sampler);
      Map<String, List<Cell>> cellsByVariant = new LinkedHashMap<>();
      for (long seed : spec.seeds()) {
        String mineId = "mine-" + slug + "-seed-" + seed;
        Path mineDir = stepsDir.resolve(mineId);
        List<Object> a = new ArrayList<>(List.of("mine", "--queries", queries, "--split", spec.mining().split(),
            "--index", index));
        List<String> deps = new ArrayList<>(List.of("index"));
        if (spec.sources().contains("dense")) {
          a.addAll(List.of("--dense", store));
          deps.add("encode");
        }
        a.addAll(List.of("--sources", String.join(",", spec.sources()), "--depth", spec.mining().depth()));
        if (spec.mining().scoreSource() != null) {
          a.addAll(List.of("--score-source", spec.mining().scoreSource()));
        }
        Path poolCache = stepsDir.resolveSibling("cache").resolve("pools");
        a.addAll(List.of("--sampler", sampler, "--negatives", spec.mining().n(), "--seed", seed, "--format", "ids",
            "--pool-cache", poolCache, "--out", mineDir.resolve("mined.jsonl")));
        List<SourceSpec> mined = new ArrayList<>();
        for (String source : spec.sources()) {
          mined.add(source.equals("bm25") ? Bm25Source.of(index) : DenseSource.of(store));
        }
        MiningSettings settings = new MiningSettings(sampler, spec.mining().n(), seed, spec.mining().depth(),
            PooledCandidateSource.DEFAULT_RRF_K, spec.mining().scoreSource(), true, null, null, TrainingFormat.IDS, false, null, false);
        add(new Step(mineId, args(common, a.toArray()), deps, mineDir, mineDir.resolve("mined.jsonl"),
            new StepAction.Mine(queries, qrels(queries, spec.mining().split()), new SourceSet(mined), Bm25Source.of(index),
                spec.sources().contains("dense") ? DenseSource.of(store) : null, poolCache,
                mineDir.resolve("mined.jsonl"), settings)));
        for (String variant : variants()) {
          String trainId = null;
          String searchId = null;
          if (spec.model() != null) {
            String cell = slug + (variant == null ? "" : "-" + variant) + "-seed-" + seed;
            trainId = "train-" + cell;
            Path trainDir = stepsDir.resolve(trainId);
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("train", mineDir.resolve("mined.jsonl"));
            set.put("data", dataset);
            set.put("store", store);
            set.put("seed", seed);
            set.put("out", trainDir.resolve("model"));
            JobOptions.Values v = trainingValues(EvaluatedTraining.BI_ENCODER, set, variant);
            add(new Step(trainId, args(common, command(List.of("train", "bi-encoder"), v)), List.of(mineId, "encode"),
                trainDir, null, new StepAction.TrainBiEncoder(training(EvaluatedTraining.BiEncoder::of, v))));
            searchId = "search-" + cell;
            Path searchDir = stepsDir.resolve(searchId);
            DenseSource tuned = DenseSource.of(store).withQueryModel(trainDir.resolve("model").toString());
            add(new Step(searchId, args(common, "search", "--queries", queries, "--split", spec.eval().split(), "--dense",
                store, "--query-model", trainDir.resolve("model"), "--k", spec.eval().depth(), "--out",
                searchDir.resolve("run.trec")), List.of(trainId), searchDir, null,
                new StepAction.Search(search(queries, spec.eval().split(), SourceSet.of(tuned),
                    searchDir.resolve("run.trec")))));
          }
          cellsByVariant.computeIfAbsent(variant == null ? "" : variant, k -> new ArrayList<>())
              .add(new Cell(seed, mineId, trainId, searchId));
        }
      }
      for (String variant : variants()) {
        rows.add(new Row(SAMPLER, label(sampler, variant), cellsByVariant.get(variant == null ? "" : variant)));
      }
    }
  }

  /** The model's variants, or a single {@code null} for a model without (or no model). */
  private List<String> variants() {
    if (spec.model() == null || spec.model().variants().isEmpty()) {
      return java.util.Collections.singletonList(null);
    }
    return List.copyOf(spec.model().variants().keySet());
  }

  /** The row label of {@code sampler}'s negatives trained as {@code variant} ({@code null}: the sampler alone). */
  public static String label(String sampler, String variant) {
    return variant == null ? sampler : sampler + " · " + variant;
  }

  private void planRecsys(Path stepsDir, List<String> common) {
    for (String sampler : spec.samplers()) {
      String slug = slug(sampler);
      List<Cell> cells = new ArrayList<>();
      for (long seed : spec.seeds()) {
        String id = "train-" + slug + "-seed-" + seed;
        Path dir = stepsDir.resolve(id);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("data", dataset);
        set.put("model", spec.model().train());
        set.put("sampler", sampler);
        set.put("seed", seed);
        set.put("k", spec.cutoffs());
        set.put("out", dir.resolve("out"));
        JobOptions.Values v = trainingValues(EvaluatedTraining.RECSYS, set);
        add(new Step(id, args(common, command(List.of("recsys", "train"), v)), List.of(), dir, null,
            new StepAction.TrainRecsys(training(EvaluatedTraining.Recsys::of, v))));
        cells.add(new Cell(seed, null, id, null));
      }
      rows.add(new Row(SAMPLER, sampler, cells));
    }
  }

  /** The qrels of {@code split} beside the queries, as {@code foil mine --split} and {@code foil search --split} find them. */
  private static Path qrels(Path queries, String split) {
    return queries.toAbsolutePath().getParent().resolve("qrels").resolve(split + ".tsv");
  }

  /** What {@code foil search --queries Q --split S --k DEPTH} over {@code sources} asks. */
  private RunSearch.Job search(Path queries, String split, SourceSet sources, Path out) {
    int k = spec.eval().depth();
    return new RunSearch.Job(queries, qrels(queries, split), sources, k, k, PooledCandidateSource.DEFAULT_RRF_K, false,
        null, out);
  }

  /**
   * The values of a training step: what the plan sets ({@code set}) and the spec's {@code model.options},
   * which may not set those again.
   */
  private JobOptions.Values trainingValues(JobOptions options, Map<String, Object> set) {
    return trainingValues(options, set, null);
  }

  /** As {@link #trainingValues(JobOptions, Map)}, with the options of {@code variant} (or none). */
  private JobOptions.Values trainingValues(JobOptions options, Map<String, Object> set, String variant) {
    String field = variant == null ? "model.options" : "model.variants." + variant;
    Map<String, Object> given = spec.model().options(variant);
    for (String key : given.keySet()) {
      if (set.containsKey(key.replace('_', '-'))) {
        throw new IllegalArgumentException(field + "." + key + ": the experiment sets it for each step");
      }
    }
    Map<String, Object> all = new LinkedHashMap<>(set);
    all.putAll(given);
    return options.values(all, field);
  }

  /** {@code command} and the values as its options. */
  private static Object[] command(List<String> command, JobOptions.Values v) {
    List<Object> out = new ArrayList<>(command);
    out.addAll(v.args());
    return out.toArray();
  }

  /** The typed training of {@code v}; what it refuses names the spec's model. */
  private static <T> T training(Function<JobOptions.Values, T> of, JobOptions.Values v) {
    try {
      return of.apply(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model.options: " + e.getMessage(), e);
    }
  }

  /** A file-name-safe form of a sampler spec: {@code simans(a=1,b=0)} → {@code simans-a-1-b-0}. */
  public static String slug(String spec) {
    String s = spec.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
    return s.isEmpty() ? "sampler" : s;
  }

  private static List<String> args(List<String> common, Object... parts) {
    List<String> out = new ArrayList<>();
    for (Object p : parts) {
      out.add(String.valueOf(p));
    }
    out.addAll(common);
    return out;
  }

  private void add(Step s) {
    if (steps.stream().anyMatch(t -> t.id().equals(s.id()))) {
      throw new IllegalStateException("duplicate step " + s.id());
    }
    steps.add(s);
  }
}
