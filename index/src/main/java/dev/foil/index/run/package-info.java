/**
 * TREC run files ({@code query-id Q0 doc-id rank score tag}): writing a source's candidate lists and
 * reading runs back for evaluation and reranking.
 */
package dev.foil.index.run;
