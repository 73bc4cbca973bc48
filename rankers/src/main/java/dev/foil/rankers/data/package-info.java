/** Training sets as the rankers read them: examples of a query, its positives and weighted negatives. */
package dev.foil.rankers.data;
