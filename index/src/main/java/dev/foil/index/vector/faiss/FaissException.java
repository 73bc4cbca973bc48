package dev.foil.index.vector.faiss;

/** A FAISS operation failed; the message says which operation, on what, and FAISS's own words. */
public final class FaissException extends RuntimeException {
  FaissException(String what, RuntimeException cause) {
    super(what + ": " + nativeMessage(cause), cause);
  }

  private static String nativeMessage(RuntimeException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    // FAISS prefixes "Error in <function> at <file>:<line>: "; keep it, it locates the check.
    return m.strip();
  }
}
