/**
 * Training-time negatives beyond the batch: a MoCo-style queue of earlier passage (key) embeddings, the
 * momentum encoder that fills it in full fine-tuning, and what chooses which queue entries a query sees:
 * the filters by cosine, and a teacher's false-negative estimates (He et al., CVPR 2020; Hoang et al.,
 * arXiv:2501.16360, 2025).
 */
package dev.foil.rankers.biencoder.queue;
