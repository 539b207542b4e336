#include "nnlab/errors.hpp"

#include <fmt/format.h>

namespace nnlab {

ShapeError::ShapeError(const std::string& function, const std::string& name, const Shape& shape,
                       const std::string& rule)
    : Error(fmt::format("{}: {} has shape {}: {}", function, name, shape_str(shape), rule)) {}

ShapeError::ShapeError(const std::string& function, const std::string& name_a,
                       const Shape& shape_a, const std::string& name_b, const Shape& shape_b,
                       const std::string& rule)
    : Error(fmt::format("{}: {} has shape {} and {} has shape {}: {}", function, name_a,
                        shape_str(shape_a), name_b, shape_str(shape_b), rule)) {}

ShapeError::ShapeError(const std::string& function, const std::string& message)
    : Error(fmt::format("{}: {}", function, message)) {}

DataError::DataError(const std::string& file, const std::string& problem)
    : Error(fmt::format("{}: {}", file, problem)), file_(file) {}

NotImplemented::NotImplemented(const std::string& what)
    : Error(fmt::format("[not implemented] {}: this exercise is still a stub; "
                        "`./nnlab hint` helps, `./nnlab check` tests it",
                        what)) {}

}  // namespace nnlab
