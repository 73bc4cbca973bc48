/**
 * Vector indexes for maximum-inner-product search over corpus embeddings: exact brute force in Java
 * (the reference), Lucene HNSW (pure Java) and FAISS through a JavaCPP binding (native, optional),
 * chosen in one place by {@link dev.foil.index.vector.VectorBackend}.
 */
package dev.foil.index.vector;
