/**
 * Foil's jobs on Apache Spark: mining by query partition on executors through the library's mining
 * service, so that a cluster writes the bytes one machine writes.
 */
package dev.foil.spark;
