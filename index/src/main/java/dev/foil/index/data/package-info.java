/**
 * Readers for the data Foil consumes, in the BEIR layout: {@code corpus.jsonl}, {@code queries.jsonl}
 * and {@code qrels/<split>.tsv} (TREC-format qrels are read too). Readers stream, decode UTF-8
 * strictly, and report bad input as an {@link dev.foil.index.data.InputFormatException} naming the
 * file, line and field.
 */
package dev.foil.index.data;
