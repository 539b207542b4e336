#pragma once
/// @file
/// Everything in the common layer in one include.

#include "nnlab/checkpoint.hpp"
#include "nnlab/data.hpp"
#include "nnlab/demo.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/idx.hpp"
#include "nnlab/io.hpp"
#include "nnlab/module.hpp"
#include "nnlab/plot.hpp"
#include "nnlab/progress.hpp"
#include "nnlab/random.hpp"
#include "nnlab/shapes10.hpp"
#include "nnlab/tensor.hpp"
