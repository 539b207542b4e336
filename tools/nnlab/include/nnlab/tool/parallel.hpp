#pragma once
/// @file
/// A minimal parallel loop: the grader runs several test binaries at once.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace nnlab::tool {

/// Number of hardware threads (at least 1).
inline int hardware_jobs() {
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

/// Calls `fn(i)` for i in [0, n) on up to `jobs` threads; rethrows the first exception.
template <class Fn>
void parallel_for(std::size_t n, int jobs, Fn&& fn) {
  const std::size_t workers = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(1, jobs)));
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (std::size_t i; (i = next.fetch_add(1)) < n;) {
        try {
          fn(i);
        } catch (...) {
          std::lock_guard lock(error_mutex);
          if (!error) error = std::current_exception();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace nnlab::tool
