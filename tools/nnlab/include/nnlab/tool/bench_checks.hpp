#pragma once
/// @file
/// Part (e) of the self-test: the bench programs run, and the manifests' performance specs
/// name rows that exist.

#include <filesystem>
#include <vector>

#include "nnlab/tool/consistency.hpp"
#include "nnlab/tool/index.hpp"
#include "nnlab/tool/manifest.hpp"

namespace nnlab::tool {

/// Checks every bench program of `index` and every perf spec of `manifests`:
/// - each program lists its rows, named `Op/implementation/size`;
/// - a short run of each solution program (--benchmark_min_time=0.001) measures every row,
///   or skips it only for want of a GPU or of GPU memory;
/// - on the stubs, every student row of the exercise programs is skipped as "not implemented"
///   (or for want of a GPU): a student row that runs on a stub is a defect;
/// - each perf spec's op has reference rows in a solution program and student rows in an
///   exercise program, of a common size (the spec's size when it names one); GPU ops in a
///   build without CUDA are skipped.
std::vector<Check> check_benchmarks(const Index& index, const std::vector<Manifest>& manifests,
                                    const std::filesystem::path& work_dir);

}  // namespace nnlab::tool
