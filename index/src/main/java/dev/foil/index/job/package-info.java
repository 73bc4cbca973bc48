/**
 * Options of a job declared once, with name, type, default and help, so that the command
 * line, the experiment runner and the library read the same settings by the same names.
 */
package dev.foil.index.job;
