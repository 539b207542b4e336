#pragma once
/// @file
/// Checkpoints: named float tensors (model parameters, optimiser state) plus a little metadata
/// (epoch, step count, learning rate), saved atomically and checked thoroughly on loading.
///
/// ## File format (version 1)
///
/// | bytes                | content                                                        |
/// |----------------------|----------------------------------------------------------------|
/// | 12                   | the magic line `NNLABCKPT 1\n`                                 |
/// | 8                    | `H`, the header length in bytes, little-endian `uint64`        |
/// | 4                    | zlib `crc32` of the H header bytes, little-endian `uint32`     |
/// | H                    | the header, UTF-8 JSON (below)                                 |
/// | `data_bytes`         | the data: every tensor's float32 values, little-endian, row-major |
///
/// The header:
/// @code{.json}
/// {"tensors": [{"name": "model.0.weight", "dtype": "float32", "shape": [3, 2],
///               "offset": 0, "bytes": 24}, ...],
///  "meta": {"epoch": 3, "lr": 0.01, "optimiser": "sgd"},
///  "data_bytes": 24, "crc32": 1234567890}
/// @endcode
/// `offset` counts from the start of the data; `bytes` is 4 × the number of elements (0 for an
/// empty tensor; a 0-d tensor has shape `[]` and 4 bytes); `crc32` is zlib's crc32 of the whole
/// data section. The file ends right after the data. Tensors keep the order they were added in.
/// The header checksum (the `uint32` before the header, an addition to the JSON's `crc32`)
/// means no flipped byte anywhere in the file goes unnoticed, names and metadata included.
///
/// ## Naming
/// By convention model parameters live under `"model."` (what `add_params` does by default)
/// and optimiser state under `"optim."` (`"optim.m.0.weight"`, scalars in `meta`), so that
/// `load_params` can check the model's names both ways without tripping over optimiser state.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "nnlab/module.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab {

/// A metadata value. Metadata is a flat map of these rather than a `nlohmann::json` object so
/// that every user of this header does not pay for parsing nlohmann's headers (the JSON
/// library stays private to `nnlab::common`); it holds what a training run needs to resume:
/// counters (`std::int64_t`, exact), rates (`double`, round-tripped bit-exactly), and names.
/// Write integers as `std::int64_t{step}`: a plain `int` or `std::size_t` is ambiguous.
using MetaValue = std::variant<std::int64_t, double, std::string>;

/// Named tensors and metadata, as saved to or loaded from one checkpoint file.
struct Checkpoint {
  /// The tensors, in the order they were added (the order in the file).
  std::vector<std::pair<std::string, Tensor>> tensors;
  /// Flat metadata: epoch, step count, learning rate, the optimiser's name, ...
  std::map<std::string, MetaValue> meta;
  /// The file this checkpoint was loaded from; empty for one built in memory. Errors found
  /// after loading (a missing tensor, a wrong shape) name it.
  std::string path;

  /// Appends a tensor (copied as a row-major float tensor).
  /// @throws Error when a tensor of that name is already there.
  void add(const std::string& name, const Tensor& value);
  /// Whether a tensor of that name is there.
  bool contains(const std::string& name) const;
  /// The tensor of that name.
  /// @throws DataError naming the file (`path`) and the missing tensor.
  const Tensor& at(const std::string& name) const;

  /// Metadata as an integer. @throws DataError when the key is missing or not an integer.
  std::int64_t meta_int(const std::string& key) const;
  /// Metadata as a number (an integer is converted). @throws DataError as `meta_int`.
  double meta_double(const std::string& key) const;
  /// Metadata as a string. @throws DataError as `meta_int`.
  const std::string& meta_string(const std::string& key) const;
};

/// Writes `ckpt` to `path` in the format above, atomically (a temporary file next to it, then
/// a rename), so an interrupted or failed save leaves any previous file at `path` intact.
/// @throws Error for duplicate tensor names; DataError when the file cannot be written.
void save_checkpoint(const std::string& path, const Checkpoint& ckpt);

/// Reads a checkpoint written by `save_checkpoint`; the result's `path` is `path`.
/// @throws DataError naming the file and the problem: missing, not a checkpoint (bad magic),
///         truncated (bytes expected and found), corrupted (a checksum mismatch), an unreadable
///         or malformed header, duplicate names, offsets out of range, trailing bytes.
Checkpoint load_checkpoint(const std::string& path);

/// Adds every parameter value of `module` as `prefix + name`, `name` as in `module.params()`
/// (`"model.0.weight"` for the default prefix), then every buffer (`module.buffers()`, e.g.
/// `"model.1.running_mean"`).
/// @throws Error when a name is already in `ckpt`.
void add_params(Checkpoint& ckpt, Module& module, const std::string& prefix = "model.");

/// Sets every parameter and buffer of `module` from the tensor `prefix + name` of `ckpt`. The names must
/// match both ways: no parameter may be missing from the checkpoint, and no tensor whose name
/// starts with `prefix` may be unknown to the model (with an empty prefix, every tensor counts).
/// Shapes must be equal. Nothing is changed unless everything matches.
/// @throws DataError naming `ckpt.path` and the missing or unknown names, or the tensor with
///         both shapes: ``'model.0.weight' has shape (3, 2) in the file and (2, 2) in the model``.
void load_params(const Checkpoint& ckpt, Module& module, const std::string& prefix = "model.");

}  // namespace nnlab
