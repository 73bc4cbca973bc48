/** Full-ranking scoring: every item scored for every user, training items masked, top K kept. */
package dev.foil.recsys.score;
