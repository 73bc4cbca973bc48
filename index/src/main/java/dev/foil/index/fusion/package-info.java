/**
 * Candidates pooled from several retrievers (R²anker: Zhou et al., 2024, multiple retrievers as
 * negative generators), with every source's score and rank kept per candidate and a fused order by
 * reciprocal-rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009).
 */
package dev.foil.index.fusion;
