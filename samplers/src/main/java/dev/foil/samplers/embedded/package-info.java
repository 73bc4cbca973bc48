/** The embedded API: negatives on demand for a search service, with bounded caches and no global state. */
package dev.foil.samplers.embedded;
