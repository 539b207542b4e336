#include "nnlab/tensor.hpp"

#include <fmt/format.h>

namespace nnlab {

std::string shape_str(const Shape& shape) {
  return fmt::format("({})", fmt::join(shape, ", "));
}

}  // namespace nnlab
