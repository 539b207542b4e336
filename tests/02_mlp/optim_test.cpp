// Tests of the provided optimisers (ungraded: they run against the solution variant only, see
// cmake/nnlab_chapter.cmake): a run stopped after 3 steps, checkpointed and resumed into a fresh
// optimiser continues bit-identically.
#include "nnlab/mlp/optim.hpp"

#include <filesystem>
#include <functional>
#include <memory>

#include <unistd.h>

#include <xtensor/xview.hpp>

#include "nnlab/checkpoint.hpp"
#include "nnlab/errors.hpp"
#include "nnlab/testing.hpp"

namespace nnlab::mlp {
namespace {

// A tiny fixed problem: L = 1/2 sum c (theta - target)^2 for a (3, 2) weight and a (2) bias,
// so dL/dtheta = c (theta - target).
struct Problem {
  Param weight{Tensor{{0.5, -1.0}, {2.0, 0.25}, {-0.75, 1.5}}};
  Param bias{Tensor{0.1, -0.2}};
  std::vector<NamedParam> params() { return {{"0.weight", &weight}, {"0.bias", &bias}}; }
  void backward() {
    weight.grad += Tensor{{1.0, 2.0}, {0.5, 3.0}, {1.5, 0.7}} *
                   (weight.value - Tensor{{1, 1}, {0, 0}, {-1, 2}});
    bias.grad += Tensor{2.0, 0.3} * (bias.value - Tensor{0.5, 0.5});
  }
};

using Make = std::function<std::unique_ptr<Optimizer>(std::vector<NamedParam>)>;

void train(Problem& p, Optimizer& opt, int steps) {
  for (int i = 0; i < steps; ++i) {
    opt.zero_grad();
    p.backward();
    opt.step();
    opt.set_lr(opt.lr() * 0.9f);  // a schedule, so that the learning rate must be restored too
  }
}

void expect_resume_bit_identical(const Make& make) {
  Problem straight;
  auto opt = make(straight.params());
  train(straight, *opt, 6);

  Problem resumed;
  auto first = make(resumed.params());
  train(resumed, *first, 3);
  Checkpoint ckpt;
  ckpt.add("model.0.weight", resumed.weight.value);
  ckpt.add("model.0.bias", resumed.bias.value);
  first->save_state(ckpt);
  const auto path = std::filesystem::temp_directory_path() /
                    ("nnlab_optim_test_" + std::to_string(::getpid()) + ".ckpt");
  save_checkpoint(path.string(), ckpt);

  Problem fresh;  // fresh parameters and a fresh optimiser, restored from the file
  auto second = make(fresh.params());
  const Checkpoint loaded = load_checkpoint(path.string());
  std::filesystem::remove(path);
  fresh.weight.value = loaded.at("model.0.weight");
  fresh.bias.value = loaded.at("model.0.bias");
  second->load_state(loaded);
  EXPECT_EQ(second->steps(), 3);
  EXPECT_EQ(second->lr(), first->lr());
  train(fresh, *second, 3);

  EXPECT_EQ(second->steps(), 6);
  EXPECT_TRUE(fresh.weight.value == straight.weight.value);  // bit-identical
  EXPECT_TRUE(fresh.bias.value == straight.bias.value);
  EXPECT_FALSE(straight.weight.value == Problem().weight.value);  // and it did move
}

TEST(Optimizers, AdamResumesBitIdentically) {
  expect_resume_bit_identical([](std::vector<NamedParam> ps) -> std::unique_ptr<Optimizer> {
    return std::make_unique<Adam>(std::move(ps), 0.05f, 0.9f, 0.999f, 1e-8f, 0.01f);
  });
}

TEST(Optimizers, SgdMomentumResumesBitIdentically) {
  expect_resume_bit_identical([](std::vector<NamedParam> ps) -> std::unique_ptr<Optimizer> {
    return std::make_unique<SGD>(std::move(ps), 0.1f, 0.9f);
  });
}

TEST(Optimizers, OthersResumeBitIdentically) {
  expect_resume_bit_identical([](std::vector<NamedParam> ps) -> std::unique_ptr<Optimizer> {
    return std::make_unique<AdamW>(std::move(ps), 0.05f);
  });
  expect_resume_bit_identical([](std::vector<NamedParam> ps) -> std::unique_ptr<Optimizer> {
    return std::make_unique<RMSprop>(std::move(ps), 0.01f);
  });
  expect_resume_bit_identical([](std::vector<NamedParam> ps) -> std::unique_ptr<Optimizer> {
    return std::make_unique<Adagrad>(std::move(ps), 0.1f);
  });
}

TEST(Optimizers, StateNamesAndMeta) {
  Problem p;
  Adam opt(p.params(), 0.01f);
  train(p, opt, 2);
  Checkpoint ckpt;
  opt.save_state(ckpt);
  for (const char* name : {"optim.m.0.weight", "optim.m.0.bias", "optim.v.0.weight",
                           "optim.v.0.bias"}) {
    EXPECT_TRUE(ckpt.contains(name)) << name;
  }
  EXPECT_EQ(ckpt.meta_int("optim.step"), 2);
  EXPECT_EQ(float(ckpt.meta_double("optim.lr")), opt.lr());
}

TEST(Optimizers, LoadStateRejectsMissingOrMisshapenState) {
  Problem p;
  SGD opt(p.params(), 0.1f, 0.9f);
  Checkpoint empty;
  EXPECT_THROW(opt.load_state(empty), DataError);
  Checkpoint wrong;
  wrong.add("optim.velocity.0.weight", Tensor{1, 2});
  wrong.add("optim.velocity.0.bias", Tensor{0, 0});
  wrong.meta["optim.step"] = std::int64_t{1};
  wrong.meta["optim.lr"] = 0.5;
  EXPECT_THROW(opt.load_state(wrong), DataError);
  EXPECT_EQ(opt.steps(), 0);  // unchanged
  EXPECT_EQ(opt.lr(), 0.1f);
}

TEST(Optimizers, ZeroGradClearsEveryGradient) {
  Problem p;
  SGD opt(p.params(), 0.1f);
  p.backward();
  opt.zero_grad();
  EXPECT_TRUE(p.weight.grad == xt::zeros_like(p.weight.value));
  EXPECT_TRUE(p.bias.grad == xt::zeros_like(p.bias.value));
}

}  // namespace
}  // namespace nnlab::mlp
