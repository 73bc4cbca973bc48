/**
 * False-negative adapters and pooling-bias weights: the interfaces learned models implement (teacher
 * scorers, false-negative estimators, selection models) and the stages that use them.
 */
package dev.foil.samplers.adapt;
