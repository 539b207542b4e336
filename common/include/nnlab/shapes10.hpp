#pragma once
/// @file
/// `shapes10`: a synthetic stand-in for Fashion-MNIST. 28 x 28 grey images, values in [0, 1]
/// on a black background, of ten procedurally drawn classes:
///
/// | id | name       | drawing                                                        |
/// |----|------------|----------------------------------------------------------------|
/// | 0  | circle     | a filled disc                                                  |
/// | 1  | square     | a filled square                                                |
/// | 2  | triangle   | a filled equilateral triangle, point up                        |
/// | 3  | cross      | a plus sign: one horizontal and one vertical stroke            |
/// | 4  | ring       | an annulus (a circle outline)                                  |
/// | 5  | hbar       | one horizontal stroke                                          |
/// | 6  | vbar       | one vertical stroke                                            |
/// | 7  | diagonal   | one diagonal stroke, `/` or `\`                                |
/// | 8  | x          | two crossing diagonal strokes                                  |
/// | 9  | two dots   | two small discs side by side, in any orientation               |
///
/// Each image draws its own size (`scale`: half the shape's extent, in pixels), stroke
/// thickness, rotation (a few degrees; any angle for the two dots), position (anywhere the
/// shape fits), and brightness, then adds Gaussian pixel noise and clamps to [0, 1]. Edges
/// are anti-aliased by coverage computed from each shape's signed distance. Everything comes
/// from `nnlab::Rng`, so a seed gives the same images on every machine.
///
/// The default ranges are wide on purpose, so that the data set is not linearly easy: a
/// nearest-class-mean classifier on raw pixels (class means of 5000 images, tested on 2000)
/// gets about 33 %, against 10 % by chance; softmax regression should stay well below
/// 100 %, and a CNN should beat an MLP.

#include <cstddef>
#include <cstdint>
#include <string>

#include "nnlab/data.hpp"
#include "nnlab/tensor.hpp"

namespace nnlab {

/// The class names of shapes10, by class id.
extern const char* const kShapes10Names[10];

/// The ranges shapes10 draws from (each uniformly). Lengths are in pixels of the 28 x 28 image.
struct Shapes10Options {
  float noise = 0.12f;          ///< standard deviation of the additive Gaussian pixel noise
  float min_scale = 4.5f;       ///< smallest half-extent of a shape
  float max_scale = 11.0f;      ///< largest half-extent of a shape
  float min_thickness = 1.5f;   ///< thinnest stroke (cross, ring, bars, x)
  float max_thickness = 4.5f;   ///< thickest stroke (capped at half the scale)
  float min_intensity = 0.35f;  ///< dimmest shape
  float max_intensity = 1.0f;   ///< brightest shape
  float max_rotation = 15.0f;   ///< largest tilt either way, in degrees
  /// How much of the free room the position uses: 0 centres every shape, 1 places it
  /// anywhere it fits inside the image.
  float position_range = 1.0f;
};

/// `n` shapes10 images: `x: (n, 28, 28)` in [0, 1] and `y: (n)` in [0, 10). The classes are
/// balanced (`n / 10` each, the remainder going to the lowest ids) and shuffled.
/// @throws ShapeError when an option is out of range (min above max, a negative noise, ...).
ClassificationData shapes10(std::size_t n, std::uint64_t seed, const Shapes10Options& options = {});

/// Writes `images: (N, H, W)` (values clamped to [0, 1]) as one grey PNG contact sheet,
/// `columns` images per row, each pixel drawn `scale` x `scale`, with a thin grey frame
/// between images. The write is atomic (`path.tmp`, then renamed).
/// @throws ShapeError when `images` is not of rank 3 or `columns` or `scale` is 0;
///         DataError when the file cannot be written.
void save_image_grid_png(const std::string& path, const Tensor& images, std::size_t columns,
                         std::size_t scale = 2);

}  // namespace nnlab
