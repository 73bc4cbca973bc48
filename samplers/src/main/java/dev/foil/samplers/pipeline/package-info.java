/**
 * The mining pipeline: candidate pools → filters and adapters → sampler → top-up → writer, as a pure
 * function of (pool, query, positives, seed) per anchor, streamed over query chunks with checkpoints.
 */
package dev.foil.samplers.pipeline;
