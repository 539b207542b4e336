#pragma once
/// @file
/// GPU rows of the bench programs (bench/NN_topic/*_cuda_bench.cpp, built only with CUDA):
/// skipping without a GPU or without enough memory, and timing with CUDA events.
///
/// GPU rows use `UseManualTime()`: each iteration's time is what the events measured on the
/// stream, not the host's wall clock, so launch overhead on the host does not count, and
/// neither does the synchronisation after each iteration.

#include <cstddef>
#include <exception>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "nnlab/bench/bench.hpp"
#include "nnlab/gpu/device.hpp"

namespace nnlab::bench {

/// Skips the row, and returns false, unless a GPU is present with `bytes` of free memory
/// plus 256 MiB to spare. The reasons read "no GPU (<why>)" (nnlab::gpu::describe()) and
/// "not enough GPU memory: needs 3.0 GiB, 1.2 GiB free".
inline bool require_gpu(benchmark::State& state, std::size_t bytes) {
  if (!gpu::available()) {
    state.SkipWithError(gpu::describe().c_str());
    return false;
  }
  std::size_t free = 0, total = 0;
  if (cudaMemGetInfo(&free, &total) != cudaSuccess) {
    cudaGetLastError();  // clear it
    state.SkipWithError("cudaMemGetInfo failed");
    return false;
  }
  constexpr std::size_t kSpare = std::size_t(256) << 20;
  if (bytes + kSpare > free) {
    const double gib = double(std::size_t(1) << 30);
    state.SkipWithError(fmt::format("not enough GPU memory: needs {:.1f} GiB, {:.1f} GiB free",
                                    double(bytes + kSpare) / gib, double(free) / gib)
                            .c_str());
    return false;
  }
  return true;
}

/// For the first line of a GPU row: `if (skip_without_gpu(state, bytes)) return;`. When
/// `require_gpu` fails it also runs the (empty) benchmark loop, which a skipped row must still
/// reach before returning.
inline bool skip_without_gpu(benchmark::State& state, std::size_t bytes) {
  if (require_gpu(state, bytes)) return false;
  for (auto _ : state) {
  }
  return true;
}

/// The timing loop of a GPU row: `fn(stream)` once untimed (a warm-up; a stub's
/// NotImplemented skips the row, see run_once), then per iteration: an event, `fn(stream)`,
/// an event, wait, and the time between the events as the iteration's manual time.
template <class Fn>
void time_gpu(benchmark::State& state, cudaStream_t stream, Fn&& fn) {
  std::unique_ptr<gpu::EventTimer> timer;
  const bool ok = run_once(state, [&] {
    timer = std::make_unique<gpu::EventTimer>(stream);
    fn(stream);
    NNLAB_CUDA_CHECK(cudaStreamSynchronize(stream));
  });
  if (!ok) {
    for (auto _ : state) {
    }
    return;
  }
  for (auto _ : state) {
    try {
      timer->start();
      fn(stream);
      timer->stop();
      state.SetIterationTime(double(timer->elapsed_ms()) / 1e3);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      break;
    }
  }
}

}  // namespace nnlab::bench
