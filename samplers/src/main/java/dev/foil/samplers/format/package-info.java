/** Training-file formats of mined examples (FlagEmbedding, Tevatron, sentence-transformers, ids). */
package dev.foil.samplers.format;
