/**
 * Benchmarks whose results go to docs/BENCHMARKS.md: each measures one claim (recall and speed of the
 * vector indexes, FAISS flat search against the machine's sgemm rate, encoder throughput against
 * langchain4j) and reports medians from one run on one machine.
 */
package dev.foil.bench;
