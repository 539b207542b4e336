#include "nnlab/idx.hpp"

#include <zlib.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "nnlab/errors.hpp"
#include "nnlab/io.hpp"

namespace nnlab {
namespace {

/// The whole content of `path`, decompressed when it is gzip data.
struct RawFile {
  std::string bytes;
  bool gzip = false;
};

RawFile read_raw(const std::string& path) {
  RawFile raw;
  {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw DataError(path, fmt::format("cannot open the file: {}", std::strerror(errno)));
    unsigned char magic[2] = {0, 0};
    raw.gzip = std::fread(magic, 1, 2, f) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    std::fclose(f);
  }
  gzFile gz = gzopen(path.c_str(), "rb");
  if (!gz) throw DataError(path, "cannot open the file");
  char buf[1 << 16];
  for (;;) {
    const int n = gzread(gz, buf, sizeof buf);
    if (n <= 0) break;
    raw.bytes.append(buf, static_cast<std::size_t>(n));
  }
  int err = Z_OK;
  const char* msg = gzerror(gz, &err);
  std::string what = msg ? msg : "";
  if (what.rfind(path + ": ", 0) == 0) what.erase(0, path.size() + 2);  // zlib prefixes the path
  gzclose(gz);
  if (err != Z_OK) {
    if (err == Z_BUF_ERROR) {
      throw DataError(path, fmt::format("the gzip data is truncated ({} after {} decompressed bytes)",
                                        what, raw.bytes.size()));
    }
    throw DataError(path, fmt::format("{} ({})",
                                      raw.gzip ? "corrupt gzip data" : "read error", what));
  }
  return raw;
}

std::uint32_t be32(const std::string& b, std::size_t at) {
  const auto* p = reinterpret_cast<const unsigned char*>(b.data()) + at;
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         std::uint32_t(p[3]);
}

std::string magic_str(std::uint32_t m) { return fmt::format("0x{:08x}", m); }

/// Checks the magic number and the size of an IDX file of `rank` dimensions and returns its
/// dimensions. `rank` 3 is an images file, 1 a labels file.
std::vector<std::uint32_t> parse_header(const std::string& path, const RawFile& raw,
                                        std::size_t rank) {
  const std::string& b = raw.bytes;
  const char* how = raw.gzip ? " (after gzip decompression)" : "";
  const bool images = rank == 3;
  const char* kind = images ? "IDX images file" : "IDX labels file";
  const std::uint32_t expected = images ? kIdxImagesMagic : kIdxLabelsMagic;
  const std::uint32_t other = images ? kIdxLabelsMagic : kIdxImagesMagic;
  const std::size_t header = 4 + 4 * rank;
  if (b.size() < 4) {
    throw DataError(path, fmt::format("truncated: expected a {}-byte {} header, found {} bytes{}",
                                      header, kind, b.size(), how));
  }
  const std::uint32_t magic = be32(b, 0);
  if (magic != expected) {
    std::string problem = fmt::format("bad magic number {} (expected {} for an {})",
                                      magic_str(magic), magic_str(expected), kind);
    if (magic == other) {
      problem += fmt::format(": this is an {}; were the images and labels files swapped?",
                             images ? "IDX labels file" : "IDX images file");
    } else {
      problem += ": not an IDX file of unsigned bytes";
    }
    throw DataError(path, problem);
  }
  if (b.size() < header) {
    throw DataError(path, fmt::format("truncated: expected a {}-byte {} header, found {} bytes{}",
                                      header, kind, b.size(), how));
  }
  std::vector<std::uint32_t> dims(rank);
  std::uint64_t count = 1;
  for (std::size_t i = 0; i < rank; ++i) {
    dims[i] = be32(b, 4 + 4 * i);
    count *= dims[i];
  }
  const std::uint64_t want = header + count;
  const std::string what =
      images ? fmt::format("{} images of {} x {}", dims[0], dims[1], dims[2])
             : fmt::format("{} labels", dims[0]);
  if (b.size() < want) {
    throw DataError(path, fmt::format("truncated: expected {} bytes ({}), found {} bytes{}", want,
                                      what, b.size(), how));
  }
  if (b.size() > want) {
    throw DataError(path, fmt::format("{} extra bytes after the data: expected {} bytes ({}), "
                                      "found {} bytes{}",
                                      b.size() - want, want, what, b.size(), how));
  }
  return dims;
}

void put_be32(std::string& out, std::uint32_t v) {
  out += char((v >> 24) & 0xff);
  out += char((v >> 16) & 0xff);
  out += char((v >> 8) & 0xff);
  out += char(v & 0xff);
}

std::string gzip_compress(const std::string& path, const std::string& data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw DataError(path, "cannot start gzip compression");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int ret = deflate(&zs, Z_FINISH);
  const std::size_t size = zs.total_out;
  deflateEnd(&zs);
  if (ret != Z_STREAM_END) throw DataError(path, "gzip compression failed");
  out.resize(size);
  return out;
}

void write_idx(const std::string& path, const std::string& content, bool gzip) {
  write_file_atomic(path, gzip ? gzip_compress(path, content) : content);
}

}  // namespace

Tensor load_idx_images(const std::string& path) {
  const RawFile raw = read_raw(path);
  const auto dims = parse_header(path, raw, 3);
  Tensor x = Tensor::from_shape({dims[0], dims[1], dims[2]});
  const auto* p = reinterpret_cast<const unsigned char*>(raw.bytes.data()) + 16;
  float* out = x.data();
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = static_cast<float>(p[i]) / 255.0f;
  return x;
}

Labels load_idx_labels(const std::string& path) {
  const RawFile raw = read_raw(path);
  const auto dims = parse_header(path, raw, 1);
  Labels y = Labels::from_shape({dims[0]});
  const auto* p = reinterpret_cast<const unsigned char*>(raw.bytes.data()) + 8;
  for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = p[i];
  return y;
}

ClassificationData load_idx(const std::string& images_path, const std::string& labels_path) {
  ClassificationData d{load_idx_images(images_path), load_idx_labels(labels_path)};
  if (d.x.shape(0) != d.y.shape(0)) {
    throw DataError(images_path,
                    fmt::format("holds {} images but the labels file {} holds {} labels: the "
                                "two files do not belong together",
                                d.x.shape(0), labels_path, d.y.shape(0)));
  }
  return d;
}

void save_idx_images(const std::string& path, const Tensor& images, bool gzip) {
  require(images.dimension() == 3, "save_idx_images", "images", images,
          "must have rank 3: (N, rows, cols)");
  std::string out;
  out.reserve(16 + images.size());
  put_be32(out, kIdxImagesMagic);
  for (std::size_t i = 0; i < 3; ++i) put_be32(out, static_cast<std::uint32_t>(images.shape(i)));
  const float* p = images.data();
  for (std::size_t i = 0; i < images.size(); ++i) {
    const float v = std::isnan(p[i]) ? 0.0f : std::min(1.0f, std::max(0.0f, p[i]));
    out += static_cast<char>(static_cast<unsigned char>(std::lround(v * 255.0f)));
  }
  write_idx(path, out, gzip);
}

void save_idx_labels(const std::string& path, const Labels& labels, bool gzip) {
  require(labels.dimension() == 1, "save_idx_labels", "labels", labels,
          "must have rank 1: (N)");
  std::string out;
  out.reserve(8 + labels.size());
  put_be32(out, kIdxLabelsMagic);
  put_be32(out, static_cast<std::uint32_t>(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::int64_t v = labels(i);
    if (v < 0 || v > 255) {
      throw ShapeError("save_idx_labels",
                       fmt::format("label {} at index {} does not fit in an unsigned byte", v, i));
    }
    out += static_cast<char>(static_cast<unsigned char>(v));
  }
  write_idx(path, out, gzip);
}

const char* const kFashionMnistNames[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress",
                                             "Coat",        "Sandal",  "Shirt",    "Sneaker",
                                             "Bag",         "Ankle boot"};

namespace {

// dir/stem or dir/stem.gz, whichever exists.
std::string idx_file_in(const std::string& dir, const std::string& stem) {
  for (const std::string& name : {stem, stem + ".gz"}) {
    const auto p = std::filesystem::path(dir) / name;
    if (std::filesystem::exists(p)) return p.string();
  }
  throw DataError((std::filesystem::path(dir) / stem).string(),
                  "not found (nor " + stem + ".gz); the folder should hold the four MNIST / "
                  "Fashion-MNIST files train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                  "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (.gz or not)");
}

}  // namespace

IdxFolder load_idx_folder(const std::string& dir) {
  IdxFolder f;
  f.train = load_idx(idx_file_in(dir, "train-images-idx3-ubyte"),
                     idx_file_in(dir, "train-labels-idx1-ubyte"));
  f.test = load_idx(idx_file_in(dir, "t10k-images-idx3-ubyte"),
                    idx_file_in(dir, "t10k-labels-idx1-ubyte"));
  return f;
}

}  // namespace nnlab
