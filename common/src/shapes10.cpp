#include "nnlab/shapes10.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "nnlab/errors.hpp"
#include "nnlab/io.hpp"
#include "nnlab/random.hpp"

// stb_image_write, private to this file (STB_IMAGE_WRITE_STATIC), so that another .cpp may
// include its implementation too without duplicate symbols.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stb_image_write.h>
#pragma GCC diagnostic pop

namespace nnlab {

const char* const kShapes10Names[10] = {"circle", "square", "triangle", "cross", "ring",
                                        "hbar",   "vbar",   "diagonal", "x",     "two dots"};

namespace {

constexpr std::size_t kSide = 28;
constexpr float kPi = 3.14159265358979f;

/// Signed distance from (x, y) to an axis-aligned box of half-sizes (bx, by) at the origin.
float box(float x, float y, float bx, float by) {
  const float qx = std::abs(x) - bx, qy = std::abs(y) - by;
  const float ox = std::max(qx, 0.0f), oy = std::max(qy, 0.0f);
  return std::sqrt(ox * ox + oy * oy) + std::min(std::max(qx, qy), 0.0f);
}

/// The box rotated by `angle` (radians).
float rotated_box(float x, float y, float bx, float by, float angle) {
  const float c = std::cos(angle), s = std::sin(angle);
  return box(c * x + s * y, -s * x + c * y, bx, by);
}

float disc(float x, float y, float r) { return std::sqrt(x * x + y * y) - r; }

/// Signed distance to an equilateral triangle of half side `r`, pointing up (y grows
/// downwards in the image), centred on its centroid (Inigo Quilez's formula).
float triangle(float x, float y, float r) {
  const float k = std::sqrt(3.0f);
  float px = std::abs(x) - r, py = -y + r / k;
  if (px + k * py > 0.0f) {
    const float nx = (px - k * py) / 2.0f, ny = (-k * px - py) / 2.0f;
    px = nx;
    py = ny;
  }
  px -= std::clamp(px, -2.0f * r, 0.0f);
  const float len = std::sqrt(px * px + py * py);
  return py > 0.0f ? -len : len;
}

/// The parameters of one drawing.
struct Drawing {
  int label;
  float scale, thickness, angle, extra;
};

/// Signed distance (pixels) from the local point (x, y) to the shape; negative inside.
float distance(const Drawing& s, float x, float y) {
  const float r = s.scale, t = s.thickness / 2.0f;
  switch (s.label) {
    case 0: return disc(x, y, r);
    case 1: return box(x, y, 0.85f * r, 0.85f * r);
    case 2: return triangle(x, y, 0.95f * r);
    case 3: return std::min(box(x, y, r, t), box(x, y, t, r));
    case 4: return std::abs(disc(x, y, r - t)) - t;
    case 5: return box(x, y, r, t);
    case 6: return box(x, y, t, r);
    case 7: return rotated_box(x, y, 1.2f * r, t, s.extra);
    case 8:
      return std::min(rotated_box(x, y, 1.2f * r, t, kPi / 4),
                      rotated_box(x, y, 1.2f * r, t, -kPi / 4));
    default: {
      const float rd = 0.3f * r + 0.5f * t, off = r - rd;
      const float c = std::cos(s.extra), sn = std::sin(s.extra);
      const float u = c * x + sn * y, v = -sn * x + c * y;
      return std::min(disc(u - off, v, rd), disc(u + off, v, rd));
    }
  }
}

void check_range(float lo, float hi, const char* what) {
  if (!(lo >= 0.0f && lo <= hi)) {
    throw ShapeError("shapes10",
                     fmt::format("the {} range [{}, {}] must satisfy 0 <= min <= max", what, lo, hi));
  }
}

}  // namespace

ClassificationData shapes10(std::size_t n, std::uint64_t seed, const Shapes10Options& o) {
  check_range(o.min_scale, o.max_scale, "scale");
  check_range(o.min_thickness, o.max_thickness, "thickness");
  check_range(o.min_intensity, o.max_intensity, "intensity");
  if (o.max_scale > 12.0f || o.min_scale < 1.0f) {
    throw ShapeError("shapes10", fmt::format("the scale range [{}, {}] must lie in [1, 12] pixels "
                                             "for a shape to fit in 28 x 28",
                                             o.min_scale, o.max_scale));
  }
  if (!(o.noise >= 0.0f) || !(o.max_rotation >= 0.0f) ||
      !(o.position_range >= 0.0f && o.position_range <= 1.0f)) {
    throw ShapeError("shapes10", fmt::format("noise {} and max_rotation {} must be >= 0 and "
                                             "position_range {} in [0, 1]",
                                             o.noise, o.max_rotation, o.position_range));
  }
  Rng rng(seed);
  ClassificationData d{Tensor::from_shape({n, kSide, kSide}), Labels::from_shape({n})};
  const auto order = rng.permutation(n);
  for (std::size_t i = 0; i < n; ++i) d.y(order[i]) = static_cast<std::int64_t>(i % 10);

  const float tilt = o.max_rotation * kPi / 180.0f;
  for (std::size_t i = 0; i < n; ++i) {
    Drawing s;
    s.label = static_cast<int>(d.y(i));
    s.scale = rng.uniform(o.min_scale, o.max_scale + 1e-6f);
    s.thickness = std::min(rng.uniform(o.min_thickness, o.max_thickness + 1e-6f), 0.5f * s.scale);
    const float intensity = rng.uniform(o.min_intensity, o.max_intensity + 1e-6f);
    s.angle = rng.uniform(-tilt, tilt);
    s.extra = s.label == 7   ? (rng.below(2) ? kPi / 4 : -kPi / 4)
              : s.label == 9 ? rng.uniform(0.0f, kPi)
                             : 0.0f;
    // Centre anywhere (or within position_range of the centre) the shape's extent fits.
    const float extent = 1.05f * s.scale + 0.5f;
    const float room = (kSide / 2.0f - extent) * o.position_range;
    const float cx = kSide / 2.0f + rng.uniform(-room, room);
    const float cy = kSide / 2.0f + rng.uniform(-room, room);
    const float c = std::cos(s.angle), sn = std::sin(s.angle);
    float* img = &d.x(i, 0, 0);
    for (std::size_t row = 0; row < kSide; ++row) {
      for (std::size_t col = 0; col < kSide; ++col) {
        const float dx = col + 0.5f - cx, dy = row + 0.5f - cy;
        const float dist = distance(s, c * dx + sn * dy, -sn * dx + c * dy);
        const float coverage = std::clamp(0.5f - dist, 0.0f, 1.0f);
        const float v = intensity * coverage + (o.noise > 0 ? rng.normal(0.0f, o.noise) : 0.0f);
        img[row * kSide + col] = std::clamp(v, 0.0f, 1.0f);
      }
    }
  }
  return d;
}

void save_image_grid_png(const std::string& path, const Tensor& images, std::size_t columns,
                         std::size_t scale) {
  require(images.dimension() == 3, "save_image_grid_png", "images", images,
          "must have rank 3: (N, H, W)");
  if (columns == 0 || scale == 0 || images.shape(0) == 0) {
    throw ShapeError("save_image_grid_png",
                     fmt::format("columns ({}), scale ({}) and the number of images ({}) must "
                                 "all be positive",
                                 columns, scale, images.shape(0)));
  }
  const std::size_t n = images.shape(0), h = images.shape(1), w = images.shape(2);
  columns = std::min(columns, n);
  const std::size_t rows = (n + columns - 1) / columns;
  const std::size_t tile_w = w * scale + scale, tile_h = h * scale + scale;  // + a frame line
  const std::size_t width = columns * tile_w + scale, height = rows * tile_h + scale;
  std::vector<unsigned char> pixels(width * height, 96);  // the grey frame
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t x0 = (k % columns) * tile_w + scale, y0 = (k / columns) * tile_h + scale;
    for (std::size_t r = 0; r < h * scale; ++r) {
      for (std::size_t c = 0; c < w * scale; ++c) {
        const float v = images(k, r / scale, c / scale);
        const float clamped = std::isnan(v) ? 0.0f : std::clamp(v, 0.0f, 1.0f);
        pixels[(y0 + r) * width + x0 + c] =
            static_cast<unsigned char>(std::lround(clamped * 255.0f));
      }
    }
  }
  std::string png;
  auto append = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data),
                                           static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &png, static_cast<int>(width), static_cast<int>(height), 1,
                              pixels.data(), static_cast<int>(width))) {
    throw DataError(path, "PNG encoding failed");
  }
  write_file_atomic(path, png);
}

}  // namespace nnlab
