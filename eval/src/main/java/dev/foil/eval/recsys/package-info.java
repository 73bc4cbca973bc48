/** Full-ranking evaluation of recommendation models: Recall, NDCG, precision and hit rate at K. */
package dev.foil.eval.recsys;
