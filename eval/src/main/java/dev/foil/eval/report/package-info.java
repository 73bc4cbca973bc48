/** Reports of an experiment's results: self-contained HTML and Markdown with XChart charts ({@code foil report}). */
package dev.foil.eval.report;
