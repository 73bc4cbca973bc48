/**
 * Implicit-feedback models in DJL (GPU when the PyTorch engine has one, else CPU): matrix
 * factorisation trained with BPR, BPO or NBPO, and SimpleX with its cosine contrastive loss. Each
 * exposes its scores to the samplers ({@link dev.foil.samplers.items.ItemScorer}) and its user and item
 * vectors to full-ranking evaluation.
 */
package dev.foil.recsys.model;
