/**
 * Dense bi-encoders trained on mined negatives: the model (full or query-side fine-tuning of MiniLM),
 * the InfoNCE loss with weighted and in-batch negatives, the trainer, and the {@code Encoder} that serves
 * a trained model.
 */
package dev.foil.rankers.biencoder;
