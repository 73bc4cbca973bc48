package dev.foil.samplers.format;

import dev.foil.index.data.BeirDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A training set as a trainer is given it: the file (any layout {@link TrainingSetReader} reads) and the
 * BEIR dataset its ids refer to; read when training starts, so a job can be described before the file
 * exists.
 *
 * @param file the training set, e.g. {@code foil mine}'s output
 * @param dataset the BEIR dataset directory: texts for the {@code ids} layout, queries and qrels for
 *     evaluation; may be {@code null}
 * @param columns which column plays which part in a sentence-transformers file ({@code --columns})
 */
public record TrainingSet(Path file, Path dataset, Columns columns) {
  public TrainingSet {
    Objects.requireNonNull(file, "file");
    columns = columns == null ? Columns.NONE : columns;
  }

  /** A training set whose columns are read by their names, or by position. */
  public TrainingSet(Path file, Path dataset) {
    this(file, dataset, Columns.NONE);
  }

  /** The dataset as a {@link BeirDataset}, or {@code null}. */
  public BeirDataset beir() {
    return dataset == null ? null : BeirDataset.at(dataset);
  }

  /** Every example of the file, the texts of an {@code ids} layout resolved against the dataset. */
  public List<TrainingExample> read() throws IOException {
    BeirDataset d = beir();
    return TrainingSetReader.read(file, d == null ? null : () -> dev.foil.index.data.BeirTexts.load(d), columns);
  }
}
