#include "nnlab/testing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "nnlab/io.hpp"
#include "nnlab_paths.hpp"

namespace nnlab::testing {

namespace {

std::vector<GradedTest>& registry() {
  static std::vector<GradedTest> tests;
  return tests;
}

/// Row-major flat index -> "(i, j, k)".
std::string index_str(std::size_t flat, const Shape& shape) {
  std::vector<std::size_t> idx(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    idx[d] = shape[d] ? flat % shape[d] : 0;
    flat = shape[d] ? flat / shape[d] : 0;
  }
  return shape_str(idx);
}

template <class T>
::testing::AssertionResult allclose_impl(const xt::xarray<T>& a, const xt::xarray<T>& e,
                                         double atol, double rtol) {
  if (shape_of(a) != shape_of(e)) {
    return ::testing::AssertionFailure() << "shapes differ: actual " << shape_str_of(a)
                                         << ", expected " << shape_str_of(e);
  }
  std::size_t bad = 0, worst = 0;
  double worst_share = -1.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double av = a.data()[i], ev = e.data()[i];
    const double tol = atol + rtol * std::fabs(ev);
    double share = std::fabs(av - ev) / (tol > 0 ? tol : 1e-300);
    // NaN never matches, not even NaN; infinities match only themselves.
    if (std::isnan(av) || std::isnan(ev)) share = INFINITY;
    else if (std::isinf(av) || std::isinf(ev)) share = (av == ev) ? 0.0 : INFINITY;
    if (share > 1.0) ++bad;
    if (share > worst_share) worst_share = share, worst = i;
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  const double av = a.data()[worst], ev = e.data()[worst];
  return ::testing::AssertionFailure() << fmt::format(
             "{} of {} elements out of tolerance; worst at {}: actual {:.9g}, expected {:.9g}, "
             "|diff| {:.3g} is {:.3g}x the tolerance {:.3g} (atol {:g} + rtol {:g} * |expected|)",
             bad, a.size(), index_str(worst, shape_of(a)), av, ev, std::fabs(av - ev),
             worst_share, atol + rtol * std::fabs(ev), atol, rtol);
}

std::string source_dir() {
  if (const char* env = std::getenv("NNLAB_SOURCE_DIR")) return env;
  return NNLAB_DEFAULT_SOURCE_DIR;
}

std::string golden_path(const std::string& chapter, const std::string& name) {
  const std::string rel = fmt::format("tests/{}/golden/{}.npy", chapter, name);
  const std::string path = source_dir() + "/" + rel;
  if (!std::filesystem::exists(path)) {
    throw DataError(rel, fmt::format("golden file is missing; write it with "
                                     "`/usr/bin/python3 tools/golden/{}.py` (needs python3-torch)",
                                     chapter));
  }
  return path;
}

}  // namespace

bool register_graded(const char* suite, const char* name, double points, const char* file,
                     int line) {
  registry().push_back({suite, name, points, file, line});
  return true;
}

const std::vector<GradedTest>& graded_tests() { return registry(); }

::testing::AssertionResult all_close(const Tensor& actual, const Tensor& expected, double atol,
                                    double rtol) {
  return allclose_impl(actual, expected, atol, rtol);
}

::testing::AssertionResult all_close(const xt::xarray<double>& actual,
                                    const xt::xarray<double>& expected, double atol,
                                    double rtol) {
  return allclose_impl(actual, expected, atol, rtol);
}

::testing::AssertionResult labels_equal(const Labels& actual, const Labels& expected) {
  if (shape_of(actual) != shape_of(expected)) {
    return ::testing::AssertionFailure() << "shapes differ: actual " << shape_str_of(actual)
                                         << ", expected " << shape_str_of(expected);
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (actual.data()[i] != expected.data()[i]) {
      return ::testing::AssertionFailure()
             << "first difference at " << index_str(i, shape_of(actual)) << ": actual "
             << actual.data()[i] << ", expected " << expected.data()[i];
    }
  }
  return ::testing::AssertionSuccess();
}

Tensor golden(const std::string& chapter, const std::string& name) {
  return load_npy(golden_path(chapter, name));
}

Labels golden_labels(const std::string& chapter, const std::string& name) {
  return load_npy_labels(golden_path(chapter, name));
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "nnlab-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw DataError(tmpl, "cannot create a temporary directory");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::file(const std::string& name) const { return path_ + "/" + name; }

::testing::AssertionResult set_params_from_flat(Module& module, const Tensor& flat) {
  std::size_t at = 0;
  for (const NamedParam& p : module.params()) {
    if (at + p.param->value.size() > flat.size()) {
      return ::testing::AssertionFailure()
             << "the flat vector (" << flat.size() << " values) ends inside parameter '"
             << p.name << "'";
    }
    std::copy(flat.data() + at, flat.data() + at + p.param->value.size(), p.param->value.data());
    at += p.param->value.size();
  }
  if (at != flat.size()) {
    return ::testing::AssertionFailure() << "the flat vector holds " << flat.size()
                                         << " values, the module's parameters " << at;
  }
  return ::testing::AssertionSuccess();
}

Tensor flat_grads(Module& module) {
  std::size_t total = 0;
  for (const NamedParam& p : module.params()) total += p.param->grad.size();
  Tensor flat = Tensor::from_shape({total});
  std::size_t at = 0;
  for (const NamedParam& p : module.params()) {
    std::copy(p.param->grad.begin(), p.param->grad.end(), flat.data() + at);
    at += p.param->grad.size();
  }
  return flat;
}

Tensor eighths(Rng& rng, const Shape& shape, float bound) {
  Tensor t = rng.uniform(shape, -bound, bound);
  for (auto& v : t) v = std::round(v * 8.0f) / 8.0f;
  return t;
}

Tensor filled(const Shape& shape, float value) {
  Tensor t = Tensor::from_shape(shape);
  t.fill(value);
  return t;
}

}  // namespace nnlab::testing
