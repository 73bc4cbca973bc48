/**
 * Mining as a library use case: queries, qrels and typed source specs in, a training file and its
 * manifest out, with typed settings. The command line, the embedded API and the experiment runner
 * call it, so a negative is mined the same way whoever asks.
 */
package dev.foil.samplers.mining;
