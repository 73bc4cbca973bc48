package dev.foil.samplers.format;

/**
 * The field names of every training-file layout, defined once: {@link TrainingFormat} writes them and
 * {@link TrainingSetReader} reads them.
 */
final class Fields {
  // FlagEmbedding (bge)
  static final String QUERY = "query";
  static final String POS = "pos";
  static final String NEG = "neg";
  static final String POS_SCORES = "pos_scores";
  static final String NEG_SCORES = "neg_scores";
  // Tevatron
  static final String QUERY_ID = "query_id";
  static final String POSITIVE_PASSAGES = "positive_passages";
  static final String NEGATIVE_PASSAGES = "negative_passages";
  static final String DOCID = "docid";
  static final String TITLE = "title";
  static final String TEXT = "text";
  // sentence-transformers
  static final String ANCHOR = "anchor";
  static final String POSITIVE = "positive";
  static final String NEGATIVE = "negative";
  /** {@code negative_1} … {@code negative_n} of the n-tuple layout. */
  static final String NEGATIVE_PREFIX = "negative_";
  static final String LABEL = "label";
  static final String PROMPT = "prompt";
  static final String LABELS = "labels";
  static final String SCORES = "scores";
  // ids
  static final String POSITIVES = "positives";
  static final String POSITIVE_SCORES = "positive_scores";
  static final String NEGATIVES = "negatives";
  static final String RANK = "rank";
  static final String SCORE = "score";
  static final String TEACHER_POSITIVE_SCORES = "teacher_positive_scores";
  static final String TEACHER_NEGATIVE_SCORES = "teacher_negative_scores";
  static final String WEIGHT = "weight";
  static final String SOURCE = "source";
  static final String REASON = "reason";
  static final String TOP_UP = "top_up";
  static final String SHORTFALL = "shortfall";
  // ids with --explain
  static final String EXPLAIN = "explain";
  static final String KEPT_BY = "kept_by";
  static final String PASSED = "passed";
  static final String REFERENCE_SCORE = "reference_score";
  static final String REFERENCE_RANK = "reference_rank";
  static final String PROBABILITY = "probability";
  static final String P_FALSE_NEGATIVE = "p_false_negative";
  static final String WEIGHT_FACTORS = "weight_factors";

  private Fields() {}
}
