/**
 * A seeded generator of BEIR-layout test collections with known ground truth, including relevant
 * documents deliberately left unjudged (planted false negatives), so that samplers and filters can be
 * measured against what is really relevant rather than what was judged.
 */
package dev.foil.index.synthetic;
