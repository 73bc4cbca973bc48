/** CET pooling-bias correction: a selection model learned jointly with a relevance model (Cai et al., CIKM 2022). */
package dev.foil.rankers.cet;
