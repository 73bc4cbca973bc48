/** Spec strings such as {@code simans(a=0.5,b=0)}: parsing and parameter validation for plugins. */
package dev.foil.samplers.spec;
