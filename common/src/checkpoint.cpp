#include "nnlab/checkpoint.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include "nnlab/errors.hpp"
#include "nnlab/io.hpp"

namespace nnlab {
namespace {

static_assert(std::endian::native == std::endian::little,
              "checkpoints store raw little-endian floats");

constexpr char kMagic[] = "NNLABCKPT 1\n";
constexpr std::size_t kMagicSize = sizeof(kMagic) - 1;      // 12
constexpr std::size_t kPrefixSize = kMagicSize + 8 + 4;     // magic, header length, header crc

using json = nlohmann::json;

std::string where(const std::string& path) {
  return path.empty() ? std::string("<checkpoint in memory>") : path;
}

std::uint32_t crc_of(const char* data, std::size_t n) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large buffers in pieces.
  while (n > 0) {
    const uInt chunk = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data), chunk);
    data += chunk;
    n -= chunk;
  }
  return static_cast<std::uint32_t>(crc);
}

template <class U>
void put_le(std::string& out, U v) {
  for (std::size_t i = 0; i < sizeof(U); ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

template <class U>
U get_le(const char* p) {
  U v = 0;
  for (std::size_t i = sizeof(U); i-- > 0;) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string names_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

json meta_to_json(const std::map<std::string, MetaValue>& meta) {
  json j = json::object();
  for (const auto& [key, value] : meta) {
    std::visit([&](const auto& v) { j[key] = v; }, value);
  }
  return j;
}

/// A non-negative integer field of a JSON object, or DataError.
std::uint64_t get_count(const std::string& path, const json& obj, const char* key,
                        const std::string& what) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_unsigned()) {
    throw DataError(path, fmt::format("malformed header: {} has no non-negative integer '{}'",
                                      what, key));
  }
  return it->get<std::uint64_t>();
}

}  // namespace

void Checkpoint::add(const std::string& name, const Tensor& value) {
  if (contains(name)) throw Error(fmt::format("Checkpoint::add: '{}' is already there", name));
  tensors.emplace_back(name, value);
}

bool Checkpoint::contains(const std::string& name) const {
  for (const auto& [n, t] : tensors) {
    if (n == name) return true;
  }
  return false;
}

const Tensor& Checkpoint::at(const std::string& name) const {
  for (const auto& [n, t] : tensors) {
    if (n == name) return t;
  }
  throw DataError(where(path), fmt::format("no tensor named '{}' in the checkpoint", name));
}

std::int64_t Checkpoint::meta_int(const std::string& key) const {
  auto it = meta.find(key);
  if (it == meta.end()) throw DataError(where(path), fmt::format("no metadata '{}'", key));
  if (auto* v = std::get_if<std::int64_t>(&it->second)) return *v;
  throw DataError(where(path), fmt::format("metadata '{}' is not an integer", key));
}

double Checkpoint::meta_double(const std::string& key) const {
  auto it = meta.find(key);
  if (it == meta.end()) throw DataError(where(path), fmt::format("no metadata '{}'", key));
  if (auto* v = std::get_if<double>(&it->second)) return *v;
  if (auto* v = std::get_if<std::int64_t>(&it->second)) return static_cast<double>(*v);
  throw DataError(where(path), fmt::format("metadata '{}' is not a number", key));
}

const std::string& Checkpoint::meta_string(const std::string& key) const {
  auto it = meta.find(key);
  if (it == meta.end()) throw DataError(where(path), fmt::format("no metadata '{}'", key));
  if (auto* v = std::get_if<std::string>(&it->second)) return *v;
  throw DataError(where(path), fmt::format("metadata '{}' is not a string", key));
}

void save_checkpoint(const std::string& path, const Checkpoint& ckpt) {
  std::set<std::string> seen;
  std::string data;
  json entries = json::array();
  for (const auto& [name, value] : ckpt.tensors) {
    if (!seen.insert(name).second) {
      throw Error(fmt::format("save_checkpoint: two tensors are named '{}' ({})", name, path));
    }
    const Tensor c = value;  // row-major, contiguous
    const std::size_t bytes = c.size() * sizeof(float);
    entries.push_back({{"name", name},
                       {"dtype", "float32"},
                       {"shape", shape_of(c)},
                       {"offset", data.size()},
                       {"bytes", bytes}});
    data.append(reinterpret_cast<const char*>(c.data()), bytes);
  }
  const json header = {{"tensors", entries},
                       {"meta", meta_to_json(ckpt.meta)},
                       {"data_bytes", data.size()},
                       {"crc32", crc_of(data.data(), data.size())}};
  const std::string h = header.dump();
  std::string out(kMagic, kMagicSize);
  put_le<std::uint64_t>(out, h.size());
  put_le<std::uint32_t>(out, crc_of(h.data(), h.size()));
  out.reserve(out.size() + h.size() + data.size());
  out += h;
  out += data;
  write_file_atomic(path, out);
}

Checkpoint load_checkpoint(const std::string& path) {
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path, "cannot open the checkpoint (does it exist?)");
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  const std::size_t n = bytes.size();
  if (n < kMagicSize || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0) {
    // A prefix of the magic line is a checkpoint cut short, anything else another file.
    if (n < kMagicSize && bytes.compare(0, n, kMagic, n) == 0) {
      throw DataError(path, fmt::format("truncated: {} bytes, shorter than the magic line", n));
    }
    throw DataError(path, "not a checkpoint (the magic line 'NNLABCKPT 1' is missing)");
  }
  if (n < kPrefixSize) {
    throw DataError(path, fmt::format("truncated: the header length needs {} bytes, the file "
                                      "has {}",
                                      kPrefixSize, n));
  }
  const std::uint64_t header_len = get_le<std::uint64_t>(bytes.data() + kMagicSize);
  const std::uint32_t header_crc = get_le<std::uint32_t>(bytes.data() + kMagicSize + 8);
  if (header_len > n - kPrefixSize) {
    throw DataError(path, fmt::format("truncated: the header needs {} bytes, the file has {} "
                                      "after the header length",
                                      header_len, n - kPrefixSize));
  }
  const char* hp = bytes.data() + kPrefixSize;
  if (crc_of(hp, header_len) != header_crc) {
    throw DataError(path, fmt::format("corrupted: the header's crc32 is {:08x}, the file "
                                      "records {:08x}",
                                      crc_of(hp, header_len), header_crc));
  }
  json header;
  try {
    header = json::parse(hp, hp + header_len);
  } catch (const json::exception& e) {
    throw DataError(path, fmt::format("the header is not readable JSON: {}", e.what()));
  }
  if (!header.is_object() || !header.contains("tensors") || !header["tensors"].is_array() ||
      !header.contains("meta") || !header["meta"].is_object()) {
    throw DataError(path, "malformed header: it needs a 'tensors' list and a 'meta' object");
  }

  const std::size_t data_start = kPrefixSize + header_len;
  const std::uint64_t data_bytes = get_count(path, header, "data_bytes", "the header");
  const std::uint64_t have = n - data_start;
  if (have < data_bytes) {
    throw DataError(path, fmt::format("truncated: expected {} bytes of tensor data, found {}",
                                      data_bytes, have));
  }
  if (have > data_bytes) {
    throw DataError(path, fmt::format("{} bytes of unexpected data after the {} bytes of "
                                      "tensor data",
                                      have - data_bytes, data_bytes));
  }
  const char* data = bytes.data() + data_start;
  const std::uint64_t want_crc = get_count(path, header, "crc32", "the header");
  const std::uint32_t got_crc = crc_of(data, data_bytes);
  if (got_crc != want_crc) {
    throw DataError(path, fmt::format("corrupted: crc32 of the tensor data is {:08x}, the header "
                                      "records {:08x}",
                                      got_crc, want_crc));
  }

  Checkpoint ckpt;
  ckpt.path = path;
  std::set<std::string> seen;
  for (const json& e : header["tensors"]) {
    if (!e.is_object() || !e.contains("name") || !e["name"].is_string()) {
      throw DataError(path, "malformed header: a tensor entry has no 'name'");
    }
    const std::string name = e["name"].get<std::string>();
    const std::string what = fmt::format("tensor '{}'", name);
    if (!seen.insert(name).second) {
      throw DataError(path, fmt::format("duplicate tensor name '{}'", name));
    }
    if (e.value("dtype", std::string("float32")) != "float32") {
      throw DataError(path, fmt::format("{} has dtype {}; only float32 is supported", what,
                                        e["dtype"].dump()));
    }
    if (!e.contains("shape") || !e["shape"].is_array()) {
      throw DataError(path, fmt::format("malformed header: {} has no 'shape' list", what));
    }
    Shape shape;
    std::uint64_t count = 1;
    for (const json& d : e["shape"]) {
      if (!d.is_number_unsigned()) {
        throw DataError(path, fmt::format("malformed header: {} has shape {}", what,
                                          e["shape"].dump()));
      }
      shape.push_back(d.get<std::size_t>());
      count *= shape.back();
    }
    const std::uint64_t offset = get_count(path, e, "offset", what);
    const std::uint64_t size = get_count(path, e, "bytes", what);
    if (size != count * sizeof(float)) {
      throw DataError(path, fmt::format("{} has shape {} but {} bytes (expected {})", what,
                                        shape_str(shape), size, count * sizeof(float)));
    }
    if (offset > data_bytes || size > data_bytes - offset) {
      throw DataError(path, fmt::format("{}: offset {} + {} bytes is out of range of the {} "
                                        "bytes of data",
                                        what, offset, size, data_bytes));
    }
    Tensor t = Tensor::from_shape(shape);
    if (size > 0) std::memcpy(t.data(), data + offset, size);
    ckpt.tensors.emplace_back(name, std::move(t));
  }
  for (const auto& [key, v] : header["meta"].items()) {
    if (v.is_number_integer()) {
      if (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX) {
        throw DataError(path, fmt::format("metadata '{}' = {} does not fit in int64", key,
                                          v.dump()));
      }
      ckpt.meta[key] = v.get<std::int64_t>();
    } else if (v.is_number_float()) {
      ckpt.meta[key] = v.get<double>();
    } else if (v.is_string()) {
      ckpt.meta[key] = v.get<std::string>();
    } else {
      throw DataError(path, fmt::format("metadata '{}' is {}; only integers, numbers and "
                                        "strings are supported",
                                        key, v.dump()));
    }
  }
  return ckpt;
}

namespace {

// The model's saved state: every parameter's value, then every buffer, by dotted name.
std::vector<std::pair<std::string, Tensor*>> model_state(Module& module) {
  std::vector<std::pair<std::string, Tensor*>> out;
  for (const NamedParam& p : module.params()) out.emplace_back(p.name, &p.param->value);
  for (const NamedBuffer& b : module.buffers()) out.emplace_back(b.name, b.tensor);
  return out;
}

}  // namespace

void add_params(Checkpoint& ckpt, Module& module, const std::string& prefix) {
  for (const auto& [name, t] : model_state(module)) ckpt.add(prefix + name, *t);
}

void load_params(const Checkpoint& ckpt, Module& module, const std::string& prefix) {
  const auto state = model_state(module);
  std::set<std::string> model_names;
  std::vector<std::string> missing;
  std::vector<const Tensor*> found;
  for (const auto& [short_name, t] : state) {
    const std::string name = prefix + short_name;
    model_names.insert(name);
    const Tensor* in_file = nullptr;
    for (const auto& [n, v] : ckpt.tensors) {
      if (n == name) in_file = &v;
    }
    if (in_file == nullptr) missing.push_back(name);
    found.push_back(in_file);
  }
  std::vector<std::string> unknown;
  for (const auto& [n, v] : ckpt.tensors) {
    if (n.compare(0, prefix.size(), prefix) == 0 && model_names.count(n) == 0) {
      unknown.push_back(n);
    }
  }
  if (!missing.empty() || !unknown.empty()) {
    std::string problem = "the checkpoint does not fit the model:";
    if (!missing.empty()) {
      problem += fmt::format(" {} parameter(s) or buffer(s) of the model missing from the "
                             "file: {}.",
                             missing.size(), names_list(missing));
    }
    if (!unknown.empty()) {
      problem += fmt::format(" {} tensor(s) in the file unknown to the model: {}.",
                             unknown.size(), names_list(unknown));
    }
    throw DataError(where(ckpt.path), problem);
  }
  for (std::size_t i = 0; i < state.size(); ++i) {
    const Shape in_file = shape_of(*found[i]);
    const Shape in_model = shape_of(*state[i].second);
    if (in_file != in_model) {
      throw DataError(where(ckpt.path),
                      fmt::format("'{}' has shape {} in the file and {} in the model",
                                  prefix + state[i].first, shape_str(in_file),
                                  shape_str(in_model)));
    }
  }
  for (std::size_t i = 0; i < state.size(); ++i) *state[i].second = *found[i];
}

}  // namespace nnlab
