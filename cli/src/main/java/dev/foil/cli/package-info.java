/** The {@code foil} command line: picocli commands over the library modules, and nothing else. */
package dev.foil.cli;
