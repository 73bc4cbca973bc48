/**
 * Output that is never left half-written: files and directories are built under a temporary name
 * beside their target and renamed into place only when complete.
 */
package dev.foil.index.io;
