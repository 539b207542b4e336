// Module, Param and Sequential: names, modes, gradient accumulation, backward order.
#include <gtest/gtest.h>

#include "nnlab/module.hpp"
#include "nnlab/testing.hpp"

using namespace nnlab;

namespace {

/// y = a * x + c elementwise, with scalar parameters: small enough to check by hand.
class Affine1 : public Module {
 public:
  Affine1(float a, float c) : a_(Tensor{a}), c_(Tensor{c}) {
    register_param("a", a_);
    register_param("c", c_);
  }
  Tensor forward(const Tensor& x) override {
    x_ = x;
    return a_.value(0) * x + c_.value(0);
  }
  Tensor backward(const Tensor& dy) override {
    a_.grad(0) += xt::sum(dy * x_)();
    c_.grad(0) += xt::sum(dy)();
    return a_.value(0) * dy;
  }
  std::string describe() const override { return "Affine1"; }
  Param a_, c_;

 private:
  Tensor x_;
};

/// Records the mode it was switched to.
class ModeProbe : public Module {
 public:
  Tensor forward(const Tensor& x) override { return x; }
  Tensor backward(const Tensor& dy) override { return dy; }
};

class Pair : public Module {
 public:
  Pair() {
    register_module("first", first);
    register_module("second", second);
  }
  Tensor forward(const Tensor& x) override { return second.forward(first.forward(x)); }
  Tensor backward(const Tensor& dy) override { return first.backward(second.backward(dy)); }
  Affine1 first{2.0f, 1.0f}, second{3.0f, -1.0f};
};

}  // namespace

TEST(Module, ParamsHaveStableDottedNamesInRegistrationOrder) {
  Sequential seq;
  seq.emplace<Affine1>(1.0f, 0.0f);
  seq.add(std::make_unique<Pair>());
  std::vector<std::string> names;
  for (auto& np : seq.params()) names.push_back(np.name);
  const std::vector<std::string> expected{"0.a", "0.c", "1.first.a", "1.first.c",
                                          "1.second.a", "1.second.c"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(seq.num_params(), 6u);
  EXPECT_EQ(seq.describe(), "Sequential(0: Affine1, 1: Module)");
}

TEST(Module, BackwardChainsInReverseAndAccumulates) {
  Pair m;  // y = 3 (2x + 1) - 1 = 6x + 2
  const Tensor x = {1.0f, 2.0f};
  EXPECT_TRUE(nnlab::testing::all_close(m.forward(x), Tensor{8.0f, 14.0f}, 0, 0));
  const Tensor dx = m.backward(Tensor{1.0f, 1.0f});
  EXPECT_TRUE(nnlab::testing::all_close(dx, Tensor{6.0f, 6.0f}, 0, 0));
  // dL/d(second.a) = sum(dy * h) with h = 2x + 1 = (3, 5): 8; dL/d(first.a) = sum(3 x) = 9.
  EXPECT_EQ(m.second.a_.grad(0), 8.0f);
  EXPECT_EQ(m.first.a_.grad(0), 9.0f);
  m.forward(x);
  m.backward(Tensor{1.0f, 1.0f});
  EXPECT_EQ(m.first.a_.grad(0), 18.0f) << "gradients accumulate until zero_grad()";
  m.zero_grad();
  EXPECT_EQ(m.first.a_.grad(0), 0.0f);
}

TEST(Module, TrainAndEvalReachEveryChild) {
  Sequential seq;
  auto& probe = seq.emplace<ModeProbe>();
  auto& pair = seq.emplace<Pair>();
  EXPECT_TRUE(probe.training());
  seq.eval();
  EXPECT_FALSE(probe.training());
  EXPECT_FALSE(pair.second.training());
  seq.train();
  EXPECT_TRUE(pair.first.training());
}

TEST(Module, GradcheckModuleAcceptsCorrectAndRejectsWrongBackward) {
  Rng rng(0);
  Pair good;
  EXPECT_TRUE(nnlab::testing::gradcheck_module(good, rng.normal({5}), rng, 1e-2, 1e-2));

  class Wrong : public Affine1 {
   public:
    Wrong() : Affine1(2.0f, 0.5f) {}
    Tensor backward(const Tensor& dy) override {
      Affine1::backward(dy);
      return dy;  // forgets the factor a
    }
  } wrong;
  const auto r = nnlab::testing::gradcheck_module(wrong, rng.normal({5}), rng, 1e-2, 1e-2);
  EXPECT_FALSE(r);
  EXPECT_NE(std::string(r.message()).find("input gradient"), std::string::npos) << r.message();
}
