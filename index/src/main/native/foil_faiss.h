// Thin C++ helpers over FAISS for Foil's JavaCPP binding (dev.foil.index.vector.faiss.FaissNative).
// Free functions over an opaque faiss::Index* keep the Java side small: no member mapping, and every
// FAISS error reaches Java as a RuntimeException carrying FAISS's own message.
#pragma once

#include <cstdint>
#include <string>
#include <omp.h>
#include <faiss/AutoTune.h>
#include <faiss/Index.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/impl/FaissException.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>

// The Fortran BLAS entry point FAISS itself calls for flat search; used here to measure the
// machine's sgemm rate with the very routine and library FAISS links.
extern "C" void openblas_set_num_threads(int n);
extern "C" int openblas_get_parallel(void);
extern "C" int sgemm_(const char* transa, const char* transb, int* m, int* n, int* k, const float* alpha,
                      const float* a, int* lda, const float* b, int* ldb, float* beta, float* c, int* ldc);

namespace foil_faiss {

inline faiss::Index* create(int d, const char* description) {
  return faiss::index_factory(d, description, faiss::METRIC_INNER_PRODUCT);
}

inline void destroy(faiss::Index* index) { delete index; }

inline int64_t ntotal(const faiss::Index* index) { return index->ntotal; }

inline int dimension(const faiss::Index* index) { return index->d; }

inline bool is_trained(const faiss::Index* index) { return index->is_trained; }

inline void train(faiss::Index* index, int64_t n, const float* x) { index->train(n, x); }

inline void add(faiss::Index* index, int64_t n, const float* x) { index->add(n, x); }

inline void search(const faiss::Index* index, int64_t n, const float* x, int64_t k, float* distances,
                   int64_t* labels) {
  index->search(n, x, k, distances, labels);
}

// Sets a search-time parameter by name (efSearch for HNSW, nprobe for IVF), as FAISS's autotuner does.
inline void set_parameter(faiss::Index* index, const char* name, double value) {
  faiss::ParameterSpace().set_index_parameter(index, std::string(name), value);
}

inline void set_ef_construction(faiss::Index* index, int ef) {
  faiss::IndexHNSW* hnsw = dynamic_cast<faiss::IndexHNSW*>(index);
  if (hnsw == nullptr) {
    throw faiss::FaissException("efConstruction applies to HNSW indexes only");
  }
  hnsw->hnsw.efConstruction = ef;
}

inline void write(const faiss::Index* index, const char* path) { faiss::write_index(index, path); }

inline faiss::Index* read(const char* path) { return faiss::read_index(path); }

inline void set_threads(int n) { omp_set_num_threads(n); }

// Below this many queries FAISS's flat search loops over the vectors itself instead of calling BLAS.
inline void set_blas_threshold(int n) { faiss::distance_compute_blas_threshold = n; }

inline void set_blas_threads(int n) { openblas_set_num_threads(n); }

// How the loaded OpenBLAS runs in parallel: 0 sequential, 1 its own pthreads, 2 OpenMP.
inline int blas_parallelism() { return openblas_get_parallel(); }


// Flat indexes search with one BLAS sgemm per block: their time is spent inside BLAS.
inline bool is_flat(const faiss::Index* index) { return dynamic_cast<const faiss::IndexFlat*>(index) != nullptr; }

// C (nq x nb) = Q (nq x d) . B (nb x d)^T, all row-major: the product flat inner-product search computes.
inline void sgemm_qbt(int nq, int nb, int d, const float* q, const float* b, float* c) {
  float one = 1, zero = 0;
  // Column-major view: C^T (nb x nq) = B (nb x d) . Q^T (d x nq), as FAISS does.
  sgemm_("Transposed", "Not transposed", &nb, &nq, &d, &one, b, &d, q, &d, &zero, c, &nb);
}

}  // namespace foil_faiss
