#include "nnlab/io.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "nnlab/errors.hpp"

namespace nnlab {
namespace {

constexpr char kMagic[] = "\x93NUMPY";

/// What a .npy header says about the data that follows it.
struct NpyHeader {
  std::string descr;  // "<f4", "<f8", "<i4", "<i8", "|u1"
  Shape shape;
  std::size_t count = 1;
  std::size_t data_offset = 0;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, "cannot open the file (does it exist?)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

NpyHeader parse_header(const std::string& path, const std::string& bytes) {
  if (bytes.size() < 10 || bytes.compare(0, 6, kMagic, 6) != 0) {
    throw DataError(path, "not a .npy file (the magic string \\x93NUMPY is missing)");
  }
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t len = 0, start = 0;
  if (major == 1) {
    len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw DataError(path, "truncated .npy header");
    for (int i = 3; i >= 0; --i) len = (len << 8) | static_cast<unsigned char>(bytes[8 + i]);
    start = 12;
  } else {
    throw DataError(path, fmt::format("unsupported .npy format version {}", major));
  }
  if (bytes.size() < start + len) throw DataError(path, "truncated .npy header");
  const std::string dict = bytes.substr(start, len);

  NpyHeader h;
  h.data_offset = start + len;
  std::smatch m;
  if (!std::regex_search(dict, m, std::regex(R"('descr'\s*:\s*'([^']*)')"))) {
    throw DataError(path, "the .npy header has no 'descr'");
  }
  h.descr = m[1];
  if (!std::regex_search(dict, m, std::regex(R"('fortran_order'\s*:\s*(True|False))"))) {
    throw DataError(path, "the .npy header has no 'fortran_order'");
  }
  if (m[1] == "True") throw DataError(path, "Fortran-ordered arrays are not supported");
  if (!std::regex_search(dict, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))"))) {
    throw DataError(path, "the .npy header has no 'shape'");
  }
  const std::string dims = m[1];
  const std::regex number(R"(\d+)");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it) {
    h.shape.push_back(std::stoull(it->str()));
    h.count *= h.shape.back();
  }
  return h;
}

std::size_t item_size(const std::string& path, const std::string& descr) {
  static const std::pair<const char*, std::size_t> known[] = {
      {"<f4", 4}, {"<f8", 8}, {"<i4", 4}, {"<i8", 8}, {"|u1", 1}, {"<u1", 1}};
  for (auto& [name, size] : known) {
    if (descr == name) return size;
  }
  throw DataError(path, fmt::format("unsupported element type '{}' (nnlab reads little-endian "
                                    "float32, float64, int32, int64 and uint8)",
                                    descr));
}

/// Reads the file and converts its elements to T.
template <class T>
xt::xarray<T> load_as(const std::string& path, bool allow_float) {
  const std::string bytes = read_all(path);
  const NpyHeader h = parse_header(path, bytes);
  const std::size_t size = item_size(path, h.descr);
  const std::size_t want = h.count * size;
  const std::size_t have = bytes.size() - h.data_offset;
  if (have < want) {
    throw DataError(path, fmt::format("truncated: shape {} of '{}' needs {} bytes of data, "
                                      "the file has {}",
                                      shape_str(h.shape), h.descr, want, have));
  }
  if (have > want) {
    throw DataError(path, fmt::format("{} bytes of unexpected data after the array",
                                      have - want));
  }
  const bool is_float = h.descr[1] == 'f';
  if (is_float && !allow_float) {
    throw DataError(path, fmt::format("expected integer labels, found '{}' data", h.descr));
  }
  xt::xarray<T> out = xt::xarray<T>::from_shape(h.shape);
  const char* src = bytes.data() + h.data_offset;
  auto convert = [&](auto tag) {
    using S = decltype(tag);
    for (std::size_t i = 0; i < h.count; ++i) {
      S v;
      std::memcpy(&v, src + i * sizeof(S), sizeof(S));
      out.data()[i] = static_cast<T>(v);
    }
  };
  if (h.descr == "<f4") convert(float{});
  else if (h.descr == "<f8") convert(double{});
  else if (h.descr == "<i4") convert(std::int32_t{});
  else if (h.descr == "<i8") convert(std::int64_t{});
  else convert(std::uint8_t{});
  return out;
}

template <class T>
std::string to_npy(const xt::xarray<T>& t, const char* descr) {
  // As Python writes tuples: (), (3,), (2, 3).
  std::string shape = fmt::format("{}", fmt::join(t.shape(), ", "));
  if (t.dimension() == 1) shape += ",";
  std::string dict =
      fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}", descr, shape);
  // Pad with spaces so that the data starts on a multiple of 64 bytes, ending with '\n'.
  const std::size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out(kMagic, 6);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>((dict.size() >> 8) & 0xff);
  out += dict;
  const xt::xarray<T> c = t;  // row-major, contiguous
  out.append(reinterpret_cast<const char*>(c.data()), c.size() * sizeof(T));
  return out;
}

}  // namespace

Tensor load_npy(const std::string& path) { return load_as<float>(path, true); }

Labels load_npy_labels(const std::string& path) { return load_as<std::int64_t>(path, false); }

void save_npy(const std::string& path, const Tensor& t) {
  write_file_atomic(path, to_npy(t, "<f4"));
}

void save_npy(const std::string& path, const Labels& t) {
  write_file_atomic(path, to_npy(t, "<i8"));
}

void write_file_atomic(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw DataError(path, "cannot open the file for writing");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw DataError(path, "write failed (disk full?)");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw DataError(path, fmt::format("cannot rename {} into place: {}", tmp,
                                      std::strerror(errno)));
  }
}

}  // namespace nnlab
