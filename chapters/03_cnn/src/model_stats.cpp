// Provided part of model_stats.hpp: profile, totals and format_profile, which walk a model
// through its layers' geometry and count with exercise 03.9's count_params, conv2d_macs and
// linear_macs.
#include "nnlab/cnn/model_stats.hpp"

#include <fmt/format.h>

#include <numeric>

#include "nnlab/cnn/blocks.hpp"
#include "nnlab/cnn/layers.hpp"
#include "nnlab/cnn/models.hpp"
#include "nnlab/cnn/norm_layers.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/mlp/layers.hpp"

namespace nnlab::cnn {
namespace {

std::string join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

[[noreturn]] void misfit(const std::string& name, Module& m, const Shape& in,
                         const std::string& rule) {
  throw ShapeError("profile", "layer " + name + " (" + m.describe() + ")", in, rule);
}

// The output length of a window sliding over `in` values (padding.hpp's formula, 03.2).
std::size_t window_out(std::size_t in, std::size_t k, std::size_t p, std::size_t s) {
  return (in + 2 * p - k) / s + 1;
}

// (N, C, H, W) through a window layer with C_out output channels; checks the fit.
Shape window_shape(const std::string& name, Module& m, const Shape& in, std::size_t c_out, Size2 k,
                   Size2 s, Size2 p) {
  if (in.size() != 4) misfit(name, m, in, "needs an (N, C, H, W) input");
  if (in[2] + 2 * p[0] < k[0] || in[3] + 2 * p[1] < k[1]) {
    misfit(name, m, in, "the window is larger than the padded input");
  }
  return {in[0], c_out, window_out(in[2], k[0], p[0], s[0]), window_out(in[3], k[1], p[1], s[1])};
}

bool keeps_shape(Module& m) {
  return dynamic_cast<mlp::Activation*>(&m) || dynamic_cast<mlp::Dropout*>(&m) ||
         dynamic_cast<BatchNorm*>(&m) || dynamic_cast<LayerNorm*>(&m) ||
         dynamic_cast<GroupNorm*>(&m) || dynamic_cast<InstanceNorm2d*>(&m);
}

// Appends the leaves of m (named `name`) for input shape `in`; returns m's output shape.
Shape walk(Module& m, const std::string& name, const Shape& in, std::vector<LayerStats>& out) {
  // ---- containers: look inside ----
  if (auto* seq = dynamic_cast<Sequential*>(&m)) {
    Shape h = in;
    for (std::size_t i = 0; i < seq->size(); ++i)
      h = walk((*seq)[i], join(name, std::to_string(i)), h, out);
    return h;
  }
  if (auto* res = dynamic_cast<ResidualBlock*>(&m)) {
    const Shape f = walk(res->body(), join(name, "body"), in, out);
    const Shape s = res->shortcut() ? walk(*res->shortcut(), join(name, "shortcut"), in, out) : in;
    if (f != s) {
      throw ShapeError("profile", "body of " + name, f, "shortcut", s, "the shapes must agree");
    }
    return walk(res->activation(), join(name, "act"), f, out);
  }
  if (auto* dense = dynamic_cast<DenseBlock*>(&m)) {
    Shape h = in;
    for (std::size_t i = 0; i < dense->size(); ++i) {
      const Shape y = walk(dense->layer(i), join(name, std::to_string(i)), h, out);
      if (y.size() != h.size() || y.size() < 2) misfit(name, m, y, "layer output of wrong rank");
      h[1] += y[1];
    }
    return h;
  }
  if (auto* cat = dynamic_cast<Concat*>(&m)) {
    Shape y;
    for (std::size_t i = 0; i < cat->size(); ++i) {
      const Shape b = walk(cat->branch(i), join(name, std::to_string(i)), in, out);
      if (i == 0) {
        y = b;
      } else {
        if (b.size() != y.size() || b.size() < 2) misfit(name, m, b, "branch output of wrong rank");
        y[1] += b[1];
      }
    }
    return y;
  }

  // ---- leaves ----
  LayerStats st{name, m.describe(), in, {}, count_params(m), 0};
  if (auto* conv = dynamic_cast<Conv2d*>(&m)) {
    const Shape w = shape_of(conv->weight.value);  // (C_out, C_in, kh, kw)
    if (in.size() == 4 && in[1] != w[1]) misfit(name, m, in, "wrong number of channels");
    st.out_shape = window_shape(name, m, in, w[0], {w[2], w[3]}, conv->stride(), conv->padding());
    st.macs = conv2d_macs(st.out_shape, w[1], {w[2], w[3]});
  } else if (auto* fc = dynamic_cast<mlp::Linear*>(&m)) {
    const std::size_t d_in = fc->weight.value.shape(0), d_out = fc->weight.value.shape(1);
    if (in.size() != 2 || in[1] != d_in) misfit(name, m, in, "needs an (N, in) input");
    st.out_shape = {in[0], d_out};
    st.macs = linear_macs(st.out_shape, d_in);
  } else if (auto* pool = dynamic_cast<Pool2d*>(&m)) {
    st.out_shape = window_shape(name, m, in, in.size() == 4 ? in[1] : 0, pool->kernel(),
                                pool->stride(), pool->padding());
  } else if (dynamic_cast<GlobalAvgPool2d*>(&m)) {
    if (in.size() != 4) misfit(name, m, in, "needs an (N, C, H, W) input");
    st.out_shape = {in[0], in[1]};
  } else if (dynamic_cast<Flatten*>(&m)) {
    if (in.empty()) misfit(name, m, in, "needs a batch dimension");
    const std::size_t features =
        std::accumulate(in.begin() + 1, in.end(), std::size_t(1), std::multiplies<>());
    st.out_shape = {in[0], features};
  } else if (keeps_shape(m)) {
    st.out_shape = in;
  } else {
    misfit(name, m, in, "profile does not know this kind of layer");
  }
  out.push_back(st);
  return st.out_shape;
}

}  // namespace

std::vector<LayerStats> profile(Module& model, const Shape& input_shape) {
  std::vector<LayerStats> out;
  walk(model, "", input_shape, out);
  return out;
}

Shape output_shape(Module& model, const Shape& input_shape) {
  std::vector<LayerStats> layers;
  return walk(model, "", input_shape, layers);
}

ModelTotals totals(const std::vector<LayerStats>& layers) {
  ModelTotals t;
  for (const LayerStats& l : layers) {
    t.params += l.params;
    t.macs += l.macs;
  }
  return t;
}

std::string format_profile(const std::vector<LayerStats>& layers) {
  std::size_t name_w = 5, kind_w = 5;
  for (const LayerStats& l : layers) {
    name_w = std::max(name_w, l.name.size());
    kind_w = std::max(kind_w, l.kind.size());
  }
  std::string s = fmt::format("{:<{}}  {:<{}}  {:<18}  {:>12}  {:>15}\n", "layer", name_w, "kind",
                              kind_w, "output", "params", "MACs");
  for (const LayerStats& l : layers) {
    s += fmt::format("{:<{}}  {:<{}}  {:<18}  {:>12}  {:>15}\n", l.name, name_w, l.kind, kind_w,
                     shape_str(l.out_shape), l.params, l.macs);
  }
  const ModelTotals t = totals(layers);
  s += fmt::format("{:<{}}  {:<{}}  {:<18}  {:>12}  {:>15}\n", "total", name_w, "", kind_w, "",
                   t.params, t.macs);
  return s;
}

}  // namespace nnlab::cnn
