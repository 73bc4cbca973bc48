/**
 * Implicit-feedback recommendation: interaction data, MF/BPR, BPO/NBPO and SimpleX, trained on the
 * negatives chosen by the recommendation samplers.
 */
package dev.foil.recsys;
