/**
 * The transformer every ranker is built on: MiniLM written with DJL NDArray operations and initialised
 * from the pretrained ONNX file, its tokenizer, and the choice of device.
 */
package dev.foil.rankers.model;
