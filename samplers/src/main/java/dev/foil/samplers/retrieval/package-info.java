/**
 * Samplers over retrieved candidates: random, top-k, rank and score windows, positive-aware margins
 * (NV-Retriever), SimANS and the variants its released code uses, and multi-retriever quotas (R²anker).
 */
package dev.foil.samplers.retrieval;
