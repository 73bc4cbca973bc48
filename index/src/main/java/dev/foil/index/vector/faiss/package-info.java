/**
 * FAISS (Johnson, Douze and Jégou, IEEE TBD 2019) through a hand-written JavaCPP binding compiled
 * against the system's {@code libfaiss} at build time (Maven profile {@code faiss}, active when
 * {@code libfaiss.a} is found). Without it the classes still load, and
 * {@link dev.foil.index.vector.faiss.FaissIndex#available()} says why FAISS cannot serve.
 */
package dev.foil.index.vector.faiss;
