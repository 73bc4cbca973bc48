// GPU helpers for Foil's JavaCPP binding (dev.foil.index.vector.faiss.FaissGpuNative). Compiled only
// by the Maven profile faiss-gpu, against a FAISS built with CUDA (Debian's libfaiss-dev is CPU only).
#pragma once

#include <faiss/Index.h>
#include <faiss/gpu/GpuCloner.h>
#include <faiss/gpu/StandardGpuResources.h>
#include <faiss/gpu/utils/DeviceUtils.h>

namespace foil_faiss_gpu {

inline int device_count() { return faiss::gpu::getNumDevices(); }

// One set of resources (cuBLAS handle, temporary memory) for the process, created on first use.
inline faiss::gpu::StandardGpuResources* resources() {
  static faiss::gpu::StandardGpuResources* res = new faiss::gpu::StandardGpuResources();
  return res;
}

// A GPU copy of a CPU index: IndexFlatIP becomes GpuIndexFlatIP, IndexIVFFlat GpuIndexIVFFlat. Throws
// for index types FAISS cannot place on a GPU (HNSW).
inline faiss::Index* to_gpu(const faiss::Index* cpu, int device) {
  return faiss::gpu::index_cpu_to_gpu(resources(), device, cpu);
}

}  // namespace foil_faiss_gpu
