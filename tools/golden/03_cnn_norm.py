#!/usr/bin/python3
"""Golden data for chapter 03's normalisation exercises (03.7 batch norm, 03.8 layer, group and
instance norm), computed with PyTorch.

Run from anywhere with the Debian python (python3-torch 1.13, CPU):

    /usr/bin/python3 tools/golden/03_cnn_norm.py

It writes small .npy files into tests/03_cnn/golden/ (next to those of tools/golden/03_cnn.py,
which covers 03.1-03.6), all named batch_norm_*, layer_norm_*, group_norm_* or instance_norm_*.
Its own stream, torch.manual_seed(3070): add new sections at the end of main() to keep earlier
files unchanged. Inputs and parameters are drawn in float32; PyTorch computes in float64 from
those float32 values and the results are stored as float32. Each module keeps PyTorch's
defaults: eps = 1e-5, momentum = 0.1, running_mean = 0 and running_var = 1 at the start.
"""

import torch

import nnlab_golden as golden
from nnlab_golden import leaf, randn

OUT = golden.out_dir("03_cnn")


def save(name, t):
    golden.save(OUT, name, t)


def save_all(prefix, **tensors):
    for name, t in tensors.items():
        save(f"{prefix}_{name}", t)


def random_affine(module, channels_shape):
    """Sets weight and bias to float32 draws so that gamma != 1 and beta != 0 are tested."""
    with torch.no_grad():
        module.weight.copy_(randn(*channels_shape, scale=0.5) + 1.0)
        module.bias.copy_(randn(*channels_shape, scale=0.5))


def batch_norm(prefix, module, shape):
    """03.7: three training steps (fresh x and dy each; y, dx, dgamma, dbeta and the running
    statistics after the step), then one evaluation step on a fresh x (y, dx, dgamma, dbeta
    with the running statistics as constants)."""
    C = shape[1]
    random_affine(module, (C,))
    save_all(prefix, gamma=module.weight, beta=module.bias)
    module.train()
    for step in (1, 2, 3):
        # A different offset and scale per step, so that the running statistics move.
        x = leaf(randn(*shape, scale=0.5 * step) + 0.3 * step)
        module.zero_grad()
        y = module(x)
        dy = randn(*y.shape)
        y.backward(dy)
        save_all(f"{prefix}_train{step}", x=x, dy=dy, y=y, dx=x.grad, dgamma=module.weight.grad,
                 dbeta=module.bias.grad, running_mean=module.running_mean,
                 running_var=module.running_var)
    module.eval()
    x = leaf(randn(*shape, scale=1.5) + 0.5)
    module.zero_grad()
    y = module(x)
    dy = randn(*y.shape)
    y.backward(dy)
    save_all(f"{prefix}_eval", x=x, dy=dy, y=y, dx=x.grad, dgamma=module.weight.grad,
             dbeta=module.bias.grad)


def affine_norm(prefix, module, x_shape, affine_shape):
    """03.8: one forward and backward of a module with an element-wise or per-channel affine."""
    random_affine(module, affine_shape)
    x = leaf(randn(*x_shape, scale=2.0) - 1.0)
    y = module(x)
    dy = randn(*y.shape)
    y.backward(dy)
    save_all(prefix, x=x, gamma=module.weight, beta=module.bias, dy=dy, y=y, dx=x.grad,
             dgamma=module.weight.grad, dbeta=module.bias.grad)


def main():
    torch.manual_seed(3070)
    nn = torch.nn
    batch_norm("batch_norm_2d", nn.BatchNorm2d(3).double(), (4, 3, 3, 4))
    batch_norm("batch_norm_1d", nn.BatchNorm1d(5).double(), (6, 5))

    affine_norm("layer_norm_a", nn.LayerNorm(6).double(), (5, 6), (6,))
    affine_norm("layer_norm_b", nn.LayerNorm((4, 5)).double(), (2, 3, 4, 5), (4, 5))
    affine_norm("group_norm_g2", nn.GroupNorm(2, 6).double(), (2, 6, 3, 3), (6,))
    affine_norm("group_norm_g3", nn.GroupNorm(3, 6).double(), (3, 6, 2, 5), (6,))
    affine_norm("instance_norm_affine", nn.InstanceNorm2d(4, affine=True).double(), (2, 4, 3, 5),
                (4,))

    # InstanceNorm2d without affine parameters (PyTorch's default): y and dx only.
    x = leaf(randn(2, 3, 4, 4, scale=3.0) + 2.0)
    y = nn.InstanceNorm2d(3).double()(x)
    dy = randn(*y.shape)
    y.backward(dy)
    save_all("instance_norm_plain", x=x, dy=dy, y=y, dx=x.grad)

    golden.report(OUT)


if __name__ == "__main__":
    main()
