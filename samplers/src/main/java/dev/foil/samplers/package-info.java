/**
 * Negative samplers: the sampler SPI, retrieval and recommendation sampler plugins, false-negative
 * filters and adapters, and the mining pipeline that turns candidate lists into training files.
 * Depends on {@code dev.foil.index} only; anything that learns reaches it through small interfaces.
 */
package dev.foil.samplers;
