// Checkpoints: bit-exact round trips, atomic saves, every kind of bad file, loading into a
// model, and a training run resumed from a checkpoint matching an uninterrupted one.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "nnlab/checkpoint.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/testing.hpp"

using namespace nnlab;
using nnlab::testing::TempDir;
using nnlab::testing::throws_with;

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// zlib's crc32, written out here so the test checks the format independently.
std::uint32_t crc32_of(const std::string& s) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}
std::string le(std::uint64_t v, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}
/// A checkpoint file with the given header (its checksum correct) and data.
std::string ckpt_file(const std::string& header, const std::string& data) {
  return "NNLABCKPT 1\n" + le(header.size(), 8) + le(crc32_of(header), 4) + header + data;
}
/// Where the header starts and the data starts in a file written by save_checkpoint.
std::size_t header_start() { return 12 + 8 + 4; }
std::size_t data_start(const std::string& bytes) {
  std::uint64_t len = 0;
  for (int i = 7; i >= 0; --i) len = (len << 8) | static_cast<unsigned char>(bytes[12 + i]);
  return header_start() + len;
}

/// Checks that `fn` throws an nnlab::Error whose message has every fragment (`throws_with<Error>`
/// would also catch NotImplemented, a subclass, and GCC warns about the handler order).
::testing::AssertionResult error_with(const std::function<void()>& fn,
                                      const std::vector<std::string>& fragments) {
  try {
    fn();
  } catch (const Error& e) {
    for (const auto& f : fragments) {
      if (std::string(e.what()).find(f) == std::string::npos) {
        return ::testing::AssertionFailure() << "\"" << e.what() << "\" lacks \"" << f << "\"";
      }
    }
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "threw nothing";
}

/// Every element of `a` and `b` has the same bits (NaN payloads and -0 included).
::testing::AssertionResult same_bits(const Tensor& a, const Tensor& b) {
  if (shape_of(a) != shape_of(b)) {
    return ::testing::AssertionFailure() << shape_str_of(a) << " vs " << shape_str_of(b);
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::uint32_t x, y;
    std::memcpy(&x, a.data() + i, 4);
    std::memcpy(&y, b.data() + i, 4);
    if (x != y) {
      return ::testing::AssertionFailure()
             << "element " << i << ": " << a.data()[i] << " vs " << b.data()[i];
    }
  }
  return ::testing::AssertionSuccess();
}

/// y = x . w + b for x: (N, 3): one weight vector and a 0-d bias, trained in the resume test.
class TinyLinear : public Module {
 public:
  TinyLinear(const Tensor& w, float b) : w_(w), b_(Tensor(b)) {
    register_param("weight", w_);
    register_param("bias", b_);
  }
  Tensor forward(const Tensor& x) override {
    x_ = x;
    Tensor y = xt::zeros<float>({x.shape(0)});
    for (std::size_t n = 0; n < x.shape(0); ++n) {
      float s = b_.value();
      for (std::size_t d = 0; d < x.shape(1); ++d) s += x(n, d) * w_.value(d);
      y(n) = s;
    }
    return y;
  }
  Tensor backward(const Tensor& dy) override {
    for (std::size_t n = 0; n < x_.shape(0); ++n) {
      for (std::size_t d = 0; d < x_.shape(1); ++d) w_.grad(d) += dy(n) * x_(n, d);
      b_.grad() += dy(n);
    }
    return Tensor();  // dL/dx is not needed here
  }
  Param w_, b_;

 private:
  Tensor x_;
};

/// A fixed problem, so every run sees the same data.
const Tensor kX = {{0.5f, -1.0f, 2.0f}, {1.5f, 0.25f, -0.75f}, {-2.0f, 1.0f, 0.125f},
                   {0.3f, 0.7f, -1.1f}};
const Tensor kT = {1.0f, -0.5f, 2.0f, 0.25f};

/// Optimiser state as a later chapter's momentum SGD would keep it.
struct Momentum {
  std::vector<Tensor> velocity;
  std::int64_t step = 0;
};

/// One step of momentum SGD on the mean squared error, with a learning rate that decays with
/// the step count (so the resumed run needs the step count from the checkpoint too).
void train_step(TinyLinear& model, Momentum& opt) {
  model.zero_grad();
  const Tensor y = model.forward(kX);
  const Tensor dy = (y - kT) * (2.0f / static_cast<float>(kT.size()));
  model.backward(dy);
  const float lr = 0.1f / (1.0f + 0.1f * static_cast<float>(opt.step));
  std::vector<NamedParam> params = model.params();
  if (opt.velocity.empty()) {
    for (auto& p : params) opt.velocity.push_back(xt::zeros_like(p.param->value));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    opt.velocity[i] = 0.9f * opt.velocity[i] + params[i].param->grad;
    params[i].param->value = params[i].param->value - lr * opt.velocity[i];
  }
  ++opt.step;
}

}  // namespace

TEST(Checkpoint, RoundTripsTensorsBitForBitAndMetadata) {
  TempDir dir;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Checkpoint c;
  c.add("model.0.weight", Tensor{{1.5f, -0.0f, 1e-42f}, {inf, -inf, nan}});
  c.add("scalar", Tensor(3.25f));  // 0-d
  c.add("empty", Tensor::from_shape({0, 3}));
  Tensor m = xt::arange<float>(24);
  m.reshape({2, 3, 4});
  c.add("optim.m.0.weight", m / 7.0f);
  c.meta["step"] = std::int64_t{1234567890123};
  c.meta["lr"] = 0.1;
  c.meta["tiny"] = 1e-300;
  c.meta["name"] = std::string("sgd \"momentum\" \xce\xbc");
  const std::string path = dir.file("run.ckpt");
  save_checkpoint(path, c);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  const Checkpoint r = load_checkpoint(path);
  EXPECT_EQ(r.path, path);
  ASSERT_EQ(r.tensors.size(), 4u);
  for (std::size_t i = 0; i < c.tensors.size(); ++i) {
    EXPECT_EQ(r.tensors[i].first, c.tensors[i].first);  // in the order added
    EXPECT_TRUE(same_bits(r.tensors[i].second, c.tensors[i].second)) << c.tensors[i].first;
  }
  EXPECT_EQ(r.at("scalar").dimension(), 0u);
  EXPECT_EQ(shape_of(r.at("empty")), (Shape{0, 3}));
  EXPECT_TRUE(r.contains("empty"));
  EXPECT_FALSE(r.contains("missing"));
  EXPECT_EQ(r.meta_int("step"), 1234567890123);
  EXPECT_EQ(r.meta_double("lr"), 0.1);
  EXPECT_EQ(r.meta_double("tiny"), 1e-300);
  EXPECT_EQ(r.meta_double("step"), 1234567890123.0);
  EXPECT_EQ(r.meta_string("name"), "sgd \"momentum\" \xce\xbc");
  EXPECT_EQ(r.meta, c.meta);
}

TEST(Checkpoint, AnEmptyCheckpointRoundTrips) {
  TempDir dir;
  save_checkpoint(dir.file("e.ckpt"), Checkpoint{});
  const Checkpoint r = load_checkpoint(dir.file("e.ckpt"));
  EXPECT_TRUE(r.tensors.empty());
  EXPECT_TRUE(r.meta.empty());
}

TEST(Checkpoint, TheFileIsAsDocumented) {
  TempDir dir;
  Checkpoint c;
  c.add("a", Tensor{{1.0f, 2.0f}, {3.0f, 4.0f}});
  c.add("b", Tensor(5.0f));
  c.meta["epoch"] = std::int64_t{3};
  save_checkpoint(dir.file("c.ckpt"), c);
  const std::string bytes = read_bytes(dir.file("c.ckpt"));
  EXPECT_EQ(bytes.substr(0, 12), "NNLABCKPT 1\n");
  const std::size_t start = data_start(bytes);
  const std::string header = bytes.substr(header_start(), start - header_start());
  EXPECT_EQ(bytes.substr(20, 4), le(crc32_of(header), 4));
  const auto h = nlohmann::json::parse(header);
  EXPECT_EQ(h["data_bytes"], 20);
  EXPECT_EQ(h["crc32"], crc32_of(bytes.substr(start)));
  EXPECT_EQ(h["meta"], nlohmann::json({{"epoch", 3}}));
  ASSERT_EQ(h["tensors"].size(), 2u);
  EXPECT_EQ(h["tensors"][0]["name"], "a");
  EXPECT_EQ(h["tensors"][0]["shape"], nlohmann::json({2, 2}));
  EXPECT_EQ(h["tensors"][0]["offset"], 0);
  EXPECT_EQ(h["tensors"][0]["bytes"], 16);
  EXPECT_EQ(h["tensors"][1]["shape"], nlohmann::json::array());
  EXPECT_EQ(h["tensors"][1]["offset"], 16);
  EXPECT_EQ(bytes.size(), start + 20);
  float f;
  std::memcpy(&f, bytes.data() + start + 12, 4);
  EXPECT_EQ(f, 4.0f);  // row-major float32
}

TEST(Checkpoint, AFailedSaveLeavesThePreviousFileIntact) {
  TempDir dir;
  const std::string path = dir.file("run.ckpt");
  Checkpoint c;
  c.add("w", Tensor{1.0f, 2.0f});
  save_checkpoint(path, c);
  const std::string before = read_bytes(path);

  // The temporary file cannot be created (a folder is in its way): the save fails.
  std::filesystem::create_directory(path + ".tmp");
  Checkpoint other;
  other.add("w", Tensor{9.0f, 9.0f, 9.0f});
  EXPECT_TRUE(throws_with<DataError>([&] { save_checkpoint(path, other); }, {path}));
  EXPECT_EQ(read_bytes(path), before);
  std::filesystem::remove(path + ".tmp");

  // Two tensors of one name are refused before anything is written.
  other.tensors.emplace_back("w", Tensor{0.0f});
  EXPECT_TRUE(error_with([&] { save_checkpoint(path, other); }, {"'w'"}));
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  // Into a folder that does not exist: an error naming the file, and nothing left behind.
  const std::string nowhere = dir.file("no/such/folder/run.ckpt");
  EXPECT_TRUE(throws_with<DataError>([&] { save_checkpoint(nowhere, c); }, {nowhere}));
  EXPECT_FALSE(std::filesystem::exists(dir.file("no")));
  EXPECT_TRUE(same_bits(load_checkpoint(path).at("w"), Tensor{1.0f, 2.0f}));
}

TEST(Checkpoint, MissingAndForeignFilesRaiseDataError) {
  TempDir dir;
  const std::string missing = dir.file("missing.ckpt");
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(missing); }, {missing, "cannot open"}));
  write_bytes(dir.file("x.npy"), std::string("\x93NUMPY\x01\x00 not a checkpoint at all", 32));
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(dir.file("x.npy")); },
                                     {dir.file("x.npy"), "not a checkpoint"}));
  write_bytes(dir.file("v2.ckpt"), "NNLABCKPT 2\n" + std::string(40, '\0'));
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(dir.file("v2.ckpt")); },
                                     {"not a checkpoint"}));
}

TEST(Checkpoint, TruncatedFilesSayWhatIsMissing) {
  TempDir dir;
  Checkpoint c;
  c.add("w", Tensor{{1.0f, 2.0f, 3.0f}, {4.0f, 5.0f, 6.0f}});
  c.meta["step"] = std::int64_t{7};
  const std::string path = dir.file("run.ckpt");
  save_checkpoint(path, c);
  const std::string full = read_bytes(path);
  const std::size_t data = data_start(full);
  ASSERT_EQ(full.size(), data + 24);

  const std::string cut = dir.file("cut.ckpt");
  for (std::size_t size : {std::size_t{0}, std::size_t{5}, std::size_t{12}, std::size_t{17},
                           std::size_t{23}, header_start() + 10, data - 1}) {
    write_bytes(cut, full.substr(0, size));
    EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(cut); }, {cut, "truncated"}))
        << "cut at " << size << " bytes";
  }
  write_bytes(cut, full.substr(0, data));
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(cut); },
                                     {cut, "truncated", "expected 24 bytes", "found 0"}));
  write_bytes(cut, full.substr(0, full.size() - 1));
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(cut); },
                                     {"truncated", "expected 24 bytes", "found 23"}));
  write_bytes(cut, full + "xyz");
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(cut); },
                                     {cut, "3 bytes of unexpected data"}));
}

TEST(Checkpoint, FlippedBytesAreCaughtByTheChecksums) {
  TempDir dir;
  Checkpoint c;
  c.add("model.weight", Tensor{{1.0f, 2.0f, 3.0f}, {4.0f, 5.0f, 6.0f}});
  c.meta["lr"] = 0.01;
  const std::string path = dir.file("run.ckpt");
  save_checkpoint(path, c);
  const std::string full = read_bytes(path);
  const std::size_t data = data_start(full);

  std::string bad = full;
  bad[data + 9] ^= 0x10;  // one bit of one float
  write_bytes(path, bad);
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(path); }, {path, "corrupted: crc32"}));

  // One letter of a name: still valid JSON, but the header checksum notices.
  bad = full;
  const std::size_t at = full.find("model.weight");
  ASSERT_LT(at, data);
  bad[at] = 'M';
  write_bytes(path, bad);
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(path); },
                                     {path, "corrupted", "header"}));

  bad = full;
  bad[12] ^= 0x01;  // the header length
  write_bytes(path, bad);
  EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(path); }, {path}));
}

TEST(Checkpoint, MalformedHeadersRaiseDataError) {
  TempDir dir;
  const std::string path = dir.file("bad.ckpt");
  auto expect = [&](const std::string& header, const std::string& data,
                    const std::vector<std::string>& fragments) {
    write_bytes(path, ckpt_file(header, data));
    std::vector<std::string> all = fragments;
    all.push_back(path);
    EXPECT_TRUE(throws_with<DataError>([&] { load_checkpoint(path); }, all)) << header;
  };
  const std::string eight(8, '\0');
  const std::uint32_t crc8 = crc32_of(eight);
  expect("{\"tensors\": [", "", {"not readable JSON"});
  expect("[1, 2]", "", {"malformed header"});
  expect(fmt::format(R"({{"tensors": [{{"name": "a", "shape": [2], "offset": 0, "bytes": 8}},
                                      {{"name": "a", "shape": [2], "offset": 0, "bytes": 8}}],
                         "meta": {{}}, "data_bytes": 8, "crc32": {}}})",
                     crc8),
         eight, {"duplicate tensor name 'a'"});
  expect(fmt::format(R"({{"tensors": [{{"name": "a", "shape": [2], "offset": 4, "bytes": 8}}],
                         "meta": {{}}, "data_bytes": 8, "crc32": {}}})",
                     crc8),
         eight, {"tensor 'a'", "out of range"});
  expect(fmt::format(R"({{"tensors": [{{"name": "a", "shape": [3], "offset": 0, "bytes": 8}}],
                         "meta": {{}}, "data_bytes": 8, "crc32": {}}})",
                     crc8),
         eight, {"tensor 'a' has shape (3) but 8 bytes"});
  expect(fmt::format(R"({{"tensors": [{{"name": "a", "shape": [-2], "offset": 0, "bytes": 8}}],
                         "meta": {{}}, "data_bytes": 8, "crc32": {}}})",
                     crc8),
         eight, {"malformed header", "tensor 'a'"});
  expect(fmt::format(R"({{"tensors": [], "meta": {{"x": [1]}}, "data_bytes": 8, "crc32": {}}})",
                     crc8),
         eight, {"metadata 'x'"});
  expect(R"({"tensors": [], "meta": {}, "crc32": 0})", "", {"'data_bytes'"});
}

TEST(Checkpoint, LookupsNameTheFileAndTheKey) {
  Checkpoint c;
  c.add("w", Tensor{1.0f});
  c.meta["lr"] = 0.5;
  c.meta["name"] = std::string("sgd");
  EXPECT_TRUE(error_with([&] { c.add("w", Tensor{2.0f}); }, {"'w'", "already"}));
  EXPECT_TRUE(throws_with<DataError>([&] { c.at("v"); }, {"in memory", "'v'"}));
  c.path = "run.ckpt";
  EXPECT_TRUE(throws_with<DataError>([&] { c.at("v"); }, {"run.ckpt", "'v'"}));
  EXPECT_TRUE(throws_with<DataError>([&] { c.meta_int("step"); }, {"run.ckpt", "'step'"}));
  EXPECT_TRUE(throws_with<DataError>([&] { c.meta_int("lr"); }, {"'lr'", "not an integer"}));
  EXPECT_TRUE(throws_with<DataError>([&] { c.meta_double("name"); }, {"'name'", "not a number"}));
  EXPECT_TRUE(throws_with<DataError>([&] { c.meta_string("lr"); }, {"'lr'", "not a string"}));
}

// A module with a buffer (running statistics, say) inside a parent: buffers are named like
// parameters, saved by add_params after them, restored by load_params, and checked the same way.
class WithBuffer : public Module {
 public:
  explicit WithBuffer(float v) : p_(Tensor{v}), stat_(Tensor{v, v}) {
    register_param("scale", p_);
    register_buffer("running_mean", stat_);
  }
  Tensor forward(const Tensor& x) override { return x; }
  Tensor backward(const Tensor& dy) override { return dy; }
  Param p_;
  Tensor stat_;
};

class Parent : public Module {
 public:
  explicit Parent(float v) : child_(v) { register_module("bn", child_); }
  Tensor forward(const Tensor& x) override { return x; }
  Tensor backward(const Tensor& dy) override { return dy; }
  WithBuffer child_;
};

TEST(Checkpoint, BuffersAreSavedAndRestoredWithTheParameters) {
  Parent trained(3.0f);
  ASSERT_EQ(trained.buffers().size(), 1u);
  EXPECT_EQ(trained.buffers()[0].name, "bn.running_mean");
  EXPECT_EQ(trained.params().size(), 1u);  // a buffer is not a parameter
  Checkpoint c;
  add_params(c, trained);
  ASSERT_EQ(c.tensors.size(), 2u);
  EXPECT_EQ(c.tensors[0].first, "model.bn.scale");
  EXPECT_EQ(c.tensors[1].first, "model.bn.running_mean");

  Parent fresh(0.0f);
  load_params(c, fresh);
  EXPECT_TRUE(same_bits(fresh.child_.stat_, Tensor{3.0f, 3.0f}));

  Checkpoint no_buffer;
  no_buffer.add("model.bn.scale", Tensor{1.0f});
  Parent other(5.0f);
  EXPECT_TRUE(throws_with<DataError>([&] { load_params(no_buffer, other); },
                                     {"missing from the file", "'model.bn.running_mean'"}));
  EXPECT_EQ(other.child_.p_.value(0), 5.0f);  // nothing changed
}

TEST(Checkpoint, LoadParamsChecksNamesAndShapes) {
  TempDir dir;
  TinyLinear trained(Tensor{1.0f, 2.0f, 3.0f}, 4.0f);
  Checkpoint c;
  add_params(c, trained);
  c.add("optim.velocity.weight", Tensor{0.5f, 0.5f, 0.5f});  // not the model's business
  EXPECT_TRUE(c.contains("model.weight"));
  EXPECT_TRUE(c.contains("model.bias"));
  const std::string path = dir.file("run.ckpt");
  save_checkpoint(path, c);
  const Checkpoint r = load_checkpoint(path);

  TinyLinear fresh(Tensor{0.0f, 0.0f, 0.0f}, 0.0f);
  load_params(r, fresh);
  EXPECT_TRUE(same_bits(fresh.w_.value, trained.w_.value));
  EXPECT_TRUE(same_bits(fresh.b_.value, trained.b_.value));

  // With no prefix every tensor in the file counts, and the optimiser's is unknown.
  Checkpoint flat;
  add_params(flat, trained, "");
  EXPECT_TRUE(flat.contains("weight"));
  load_params(flat, fresh, "");
  flat.add("optim.velocity.weight", Tensor{0.5f, 0.5f, 0.5f});
  EXPECT_TRUE(throws_with<DataError>([&] { load_params(flat, fresh, ""); },
                                     {"unknown to the model", "'optim.velocity.weight'"}));

  // A model with a wider weight: the shape error names both shapes and the file.
  TinyLinear wider(Tensor{0.0f, 0.0f, 0.0f, 0.0f}, 7.0f);
  EXPECT_TRUE(throws_with<DataError>(
      [&] { load_params(r, wider); },
      {path, "'model.weight' has shape (3) in the file and (4) in the model"}));
  EXPECT_EQ(wider.b_.value(), 7.0f);  // nothing changed

  // A file without the bias, and one with an extra tensor under the model's prefix.
  Checkpoint partial = r;
  partial.tensors.erase(partial.tensors.begin() + 1);
  EXPECT_TRUE(throws_with<DataError>([&] { load_params(partial, fresh); },
                                     {path, "missing from the file", "'model.bias'"}));
  Checkpoint extra = r;
  extra.add("model.scale", Tensor(2.0f));
  extra.add("model.shift", Tensor(2.0f));
  EXPECT_TRUE(throws_with<DataError>(
      [&] { load_params(extra, fresh); },
      {path, "2 tensor(s) in the file unknown to the model: 'model.scale', 'model.shift'"}));
  EXPECT_TRUE(same_bits(fresh.w_.value, trained.w_.value));
}

TEST(Checkpoint, AResumedRunMatchesAnUninterruptedOneBitForBit) {
  const Tensor w0 = {0.1f, -0.2f, 0.3f};
  TinyLinear straight(w0, 0.05f);
  Momentum straight_opt;
  for (int i = 0; i < 6; ++i) train_step(straight, straight_opt);

  TempDir dir;
  const std::string path = dir.file("epoch3.ckpt");
  {
    TinyLinear first(w0, 0.05f);
    Momentum opt;
    for (int i = 0; i < 3; ++i) train_step(first, opt);
    Checkpoint c;
    add_params(c, first);
    const auto params = first.params();
    for (std::size_t i = 0; i < params.size(); ++i) {
      c.add("optim.velocity." + params[i].name, opt.velocity[i]);
    }
    c.meta["step"] = opt.step;
    save_checkpoint(path, c);
  }
  // A fresh process, as it were: other initial values, empty optimiser state.
  TinyLinear resumed(Tensor{9.0f, 9.0f, 9.0f}, -9.0f);
  Momentum opt;
  const Checkpoint c = load_checkpoint(path);
  load_params(c, resumed);
  for (const NamedParam& p : resumed.params()) {
    opt.velocity.push_back(c.at("optim.velocity." + p.name));
  }
  opt.step = c.meta_int("step");
  EXPECT_EQ(opt.step, 3);
  for (int i = 0; i < 3; ++i) train_step(resumed, opt);

  EXPECT_EQ(opt.step, straight_opt.step);
  EXPECT_TRUE(same_bits(resumed.w_.value, straight.w_.value));
  EXPECT_TRUE(same_bits(resumed.b_.value, straight.b_.value));
  EXPECT_FALSE(same_bits(resumed.w_.value, w0));  // it did train
}
