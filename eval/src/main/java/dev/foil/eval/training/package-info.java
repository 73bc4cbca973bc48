/** Evaluations run while models train: retrieval metrics of the current model, logged per epoch. */
package dev.foil.eval.training;
