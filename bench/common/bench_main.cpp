// The main() of every bench program. Before running Google Benchmark as usual it sets the
// thread counts of OpenBLAS and (in programs with libtorch rows) libtorch explicitly, from
// $NNLAB_BENCH_THREADS (default 1), and records them, the build and the GPU in the JSON
// context, where `./nnlab bench` reads them for the header of its table.
#include <malloc.h>

#include <cstdlib>
#include <string>

#include <benchmark/benchmark.h>

#include "nnlab_bench_config.hpp"

#if NNLAB_BENCH_CUDA
#include "nnlab/gpu/device.hpp"
#endif
#if NNLAB_BENCH_TORCH
#include <ATen/Parallel.h>
#endif

// OpenBLAS's own API, declared here rather than through <cblas.h> (which clashes with the
// declarations of xtensor-blas); weak, so that another BLAS still links.
extern "C" void openblas_set_num_threads(int) __attribute__((weak));
extern "C" int openblas_get_num_threads() __attribute__((weak));
extern "C" char* openblas_get_config() __attribute__((weak));

namespace nnlab::bench {

// Declared in nnlab/bench/bench.hpp (not included: it would pull xtensor into this file).
int configured_threads() {
  const char* env = std::getenv("NNLAB_BENCH_THREADS");
  const int n = env ? std::atoi(env) : 1;
  return n > 0 ? n : 1;
}

}  // namespace nnlab::bench

int main(int argc, char** argv) {
  // Blocks up to 32 MiB (glibc's largest mmap threshold) come from the heap and freed memory
  // stays mapped. Otherwise whether a 4 MiB result buffer is a fresh mmap, with a page fault
  // per 4 KiB on first touch, depends on the process's allocation history: we saw libtorch's
  // mse_loss on 2^20 floats take 0.18 ms in one process and 1.8 ms in another.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  benchmark::AddCustomContext("nnlab_malloc", "mallopt: M_MMAP_THRESHOLD 32 MiB, M_TRIM_THRESHOLD 1 GiB");
  const int threads = nnlab::bench::configured_threads();
  std::string blas = "OpenBLAS not linked into this program";
  if (openblas_set_num_threads && openblas_get_num_threads) {
    openblas_set_num_threads(threads);
    blas = std::to_string(openblas_get_num_threads());
  }
  benchmark::AddCustomContext("nnlab_threads_requested", std::to_string(threads));
  benchmark::AddCustomContext("nnlab_openblas_threads", blas);
  if (openblas_get_config) benchmark::AddCustomContext("nnlab_openblas_config", openblas_get_config());
#if NNLAB_BENCH_TORCH
  at::set_num_threads(threads);
  benchmark::AddCustomContext("nnlab_torch_threads", std::to_string(at::get_num_threads()));
  benchmark::AddCustomContext("nnlab_torch_version", NNLAB_BENCH_TORCH_VERSION);
#endif
#if NNLAB_BENCH_CUDA
  benchmark::AddCustomContext("nnlab_gpu", nnlab::gpu::describe());
  benchmark::AddCustomContext("nnlab_cuda_compiler", NNLAB_BENCH_CUDA_COMPILER);
#else
  benchmark::AddCustomContext("nnlab_gpu", "not built (NNLAB_CUDA off or no nvcc)");
#endif
  benchmark::AddCustomContext("nnlab_build_type", NNLAB_BENCH_BUILD_TYPE);
  benchmark::AddCustomContext("nnlab_cxx_flags", NNLAB_BENCH_CXX_FLAGS);
  benchmark::AddCustomContext("nnlab_cxx_compiler", NNLAB_BENCH_CXX_COMPILER);
  benchmark::AddCustomContext("nnlab_benchmark_version", NNLAB_BENCH_BENCHMARK_VERSION);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
