#pragma once
/// @file
/// Chapter 01, linear networks: every exercise and the provided models in one include.

#include "nnlab/linear/accuracy.hpp"
#include "nnlab/linear/cross_entropy.hpp"
#include "nnlab/linear/linreg_backward.hpp"
#include "nnlab/linear/linreg_forward.hpp"
#include "nnlab/linear/minibatches.hpp"
#include "nnlab/linear/models.hpp"
#include "nnlab/linear/normal_equation.hpp"
#include "nnlab/linear/robust_losses.hpp"
#include "nnlab/linear/sgd.hpp"
#include "nnlab/linear/softmax.hpp"
#include "nnlab/linear/softmax_regression.hpp"
#include "nnlab/linear/squared_loss.hpp"
