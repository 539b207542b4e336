#pragma once
/// @file
/// A CUDA graph recorded from a stream. Recording queues nothing for execution, so tests use it
/// to prove that a launcher puts its work on the stream it was given: work sent to any other
/// stream runs at once (or fails), work on the given stream waits for `launch`.

#include <utility>

#include <cuda_runtime_api.h>

#include "nnlab/gpu/device.hpp"

namespace nnlab::gpu {

/// Records what `queue()` puts on `stream` (relaxed capture mode), then instantiates it.
class CapturedGraph {
 public:
  template <class F>
  CapturedGraph(cudaStream_t stream, F&& queue) {
    NNLAB_CUDA_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeRelaxed));
    try {
      std::forward<F>(queue)();
    } catch (...) {
      cudaStreamEndCapture(stream, &graph_);  // leave the stream usable, then report
      if (graph_) cudaGraphDestroy(graph_);
      throw;
    }
    NNLAB_CUDA_CHECK(cudaStreamEndCapture(stream, &graph_));
    NNLAB_CUDA_CHECK(cudaGraphInstantiate(&exec_, graph_, 0));
  }
  ~CapturedGraph() {
    if (exec_) cudaGraphExecDestroy(exec_);
    if (graph_) cudaGraphDestroy(graph_);
  }
  CapturedGraph(const CapturedGraph&) = delete;
  CapturedGraph& operator=(const CapturedGraph&) = delete;

  /// Queues the recorded work on `stream`.
  void launch(cudaStream_t stream) { NNLAB_CUDA_CHECK(cudaGraphLaunch(exec_, stream)); }

 private:
  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t exec_ = nullptr;
};

}  // namespace nnlab::gpu
