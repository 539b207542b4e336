#pragma once
/// @file
/// Everything in the common layer in one include.

#include "nnlab/data.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/io.hpp"
#include "nnlab/module.hpp"
#include "nnlab/plot.hpp"
#include "nnlab/random.hpp"
#include "nnlab/tensor.hpp"
