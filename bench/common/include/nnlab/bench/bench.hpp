#pragma once
/// @file
/// What every bench program (bench/NN_topic/*_bench.cpp) shares: row names, rate counters,
/// skipping a row whose exercise is still a stub, inputs made once, thread counts.
///
/// A row is named `Op/implementation/size...`, e.g. `SquaredLoss/reference/1048576`, so that
/// `./nnlab bench` pairs implementations by op and size. Each source is compiled twice
/// (cmake/nnlab_bench.cmake): with `NNLAB_BENCH_SOLUTION=1` it links the reference solutions
/// and holds the naive, reference, libtorch and cuBLAS rows; with `NNLAB_BENCH_SOLUTION=0` it
/// links the student's exercises and holds the student's rows only.

#include <cstdint>
#include <exception>
#include <map>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include "nnlab/errors.hpp"
#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"

#ifndef NNLAB_BENCH_SOLUTION
#define NNLAB_BENCH_SOLUTION 1
#endif
#ifndef NNLAB_BENCH_TORCH
#define NNLAB_BENCH_TORCH 0
#endif

namespace nnlab::bench {

/// The implementation name of rows that call the chapter's library: "reference" in the
/// solution program, "student" in the exercise program.
inline constexpr const char* kLibraryRow = NNLAB_BENCH_SOLUTION ? "reference" : "student";

/// Prefix of JSON context keys that set a target for a GPU row: the context entry
/// `nnlab_ceiling_target:AxpyCuda/reference/268435456` = `0.80` asks `./nnlab bench` to check
/// that this row reaches 80% of the bandwidth of its device-to-device copy row.
inline const std::string kCeilingTarget = "nnlab_ceiling_target:";

/// Prefix of JSON context keys that set a target against another implementation: the entry
/// `nnlab_share_target:Sgemm/regblocked/4096` = `cublas 0.60` asks `./nnlab bench` to check
/// that this row reaches 60% of the speed of the `cublas` row of the same op and size.
inline const std::string kShareTarget = "nnlab_share_target:";

/// `op + "/" + implementation`: the name Google Benchmark extends with the arguments.
inline std::string row(const std::string& op, const std::string& implementation) {
  return op + "/" + implementation;
}

/// The thread count the bench programs give OpenBLAS and libtorch: $NNLAB_BENCH_THREADS,
/// else 1 (our reference code is single-threaded). Defined in bench_main.cpp.
int configured_threads();

/// Records one iteration's memory traffic and floating-point operations as rate counters:
/// `bytes_per_second` and `FLOP/s` in the JSON, GB/s and GFLOP/s in `./nnlab bench`'s table.
/// Call after the timing loop. `flops` 0: no FLOP/s counter (a pure copy).
inline void set_rates(benchmark::State& state, double bytes, double flops) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes * double(state.iterations())));
  if (flops > 0) {
    state.counters["FLOP/s"] =
        benchmark::Counter(flops * double(state.iterations()), benchmark::Counter::kIsRate);
  }
}

/// "not implemented: 01.2 squared_loss" from NotImplemented's message
/// ("[not implemented] 01.2 squared_loss: this exercise is still a stub; ...").
inline std::string not_implemented_reason(const std::string& what) {
  std::string s = what;
  const std::string marker = "[not implemented] ";
  if (s.rfind(marker, 0) == 0) s.erase(0, marker.size());
  return "not implemented: " + s.substr(0, s.find(':'));
}

/// Runs `fn` once, untimed (a warm-up and a check). A stub's NotImplemented skips the row
/// with "not implemented: 01.2 squared_loss", any other error with its message; returns
/// whether the row goes on.
template <class Fn>
bool run_once(benchmark::State& state, Fn&& fn) {
  try {
    fn();
    return true;
  } catch (const NotImplemented& e) {
    state.SkipWithError(not_implemented_reason(e.what()).c_str());
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  return false;
}

/// The timing loop of a CPU row: `fn()` once untimed (see run_once), then once per
/// iteration. An exception ends the row with its message rather than the program.
template <class Fn>
void time_cpu(benchmark::State& state, Fn&& fn) {
  if (!run_once(state, fn)) {
    for (auto _ : state) {
    }
    return;
  }
  for (auto _ : state) {
    try {
      fn();
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      break;
    }
  }
}

/// `fn` wrapped so that an exception while it sets up (allocating, copying inputs, creating a
/// stream) skips the row with its message instead of ending the program and every row after
/// it. The timing loops (time_cpu, time_gpu) catch their own.
template <class Fn>
auto guarded(Fn fn) {
  return [fn](benchmark::State& state) {
    try {
      fn(state);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      for (auto _ : state) {
      }
    }
  };
}

/// A tensor of `shape`, uniform in [-1, 1), drawn once per program from `seed` and kept:
/// Google Benchmark calls a row's function several times while it sizes the iteration count.
inline const Tensor& input(const Shape& shape, std::uint64_t seed) {
  static std::map<std::pair<Shape, std::uint64_t>, Tensor> cache;
  auto it = cache.find({shape, seed});
  if (it == cache.end()) {
    Rng rng(seed);
    it = cache.emplace(std::make_pair(shape, seed), rng.uniform(shape, -1.0f, 1.0f)).first;
  }
  return it->second;
}

}  // namespace nnlab::bench
