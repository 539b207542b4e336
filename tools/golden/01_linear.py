#!/usr/bin/python3
"""Golden data for chapter 01 (linear networks), computed with PyTorch.

Run from the repository root with the Debian python (python3-torch 1.13, CPU):

    /usr/bin/python3 tools/golden/01_linear.py

It writes small .npy files (inputs and expected outputs, float32 / int64) into
tests/01_linear/golden/, which are committed: the tests never need PyTorch. The output is
deterministic (torch.manual_seed). Inputs are drawn in float32; the expected values are computed
by PyTorch in float64 from those float32 inputs and then stored as float32, so a test's tolerance
only has to cover the C++ side's float arithmetic.
"""

import torch
import torch.nn.functional as F

import nnlab_golden as golden
from nnlab_golden import leaf, randn

OUT = golden.out_dir("01_linear")


def save(name, t):
    golden.save(OUT, name, t)


def linreg_forward():
    x, w, b = randn(8, 3), randn(3), randn(1)
    save("linreg_forward_x", x)
    save("linreg_forward_w", w)
    save("linreg_forward_b", b)
    save("linreg_forward_y", x @ w + b)


def squared_loss():
    y_hat, y = leaf(randn(10)), randn(10)
    loss = 0.5 * F.mse_loss(y_hat, y)  # d2l's 1/(2N) convention
    loss.backward()
    save("squared_loss_y_hat", y_hat)
    save("squared_loss_y", y)
    save("squared_loss_loss", loss)
    save("squared_loss_grad", y_hat.grad)


def linreg_backward():
    x, w, b, dy = leaf(randn(6, 4)), leaf(randn(4)), leaf(randn(1)), randn(6)
    (x @ w + b).backward(dy)
    save("linreg_backward_x", x)
    save("linreg_backward_w", w)
    save("linreg_backward_dy", dy)
    save("linreg_backward_dx", x.grad)
    save("linreg_backward_dw", w.grad)
    save("linreg_backward_db", b.grad)


def sgd():
    w = torch.nn.Parameter(randn(4, 3))
    b = torch.nn.Parameter(randn(3))
    w.grad, b.grad = randn(4, 3), randn(3)
    save("sgd_w", w)
    save("sgd_w_grad", w.grad)
    save("sgd_b", b)
    save("sgd_b_grad", b.grad)
    lr = 0.05
    save("sgd_lr", torch.tensor([lr]))
    opt = torch.optim.SGD([w, b], lr=lr)
    opt.step()
    save("sgd_w_next", w)
    save("sgd_b_next", b)


def normal_equation():
    x = randn(20, 3)
    y = (x @ torch.tensor([1.5, -2.0, 0.5], dtype=torch.float64) + 0.7
         + 0.3 * randn(20)).float().double()
    A = torch.cat([x, torch.ones(20, 1, dtype=torch.float64)], dim=1)
    theta = torch.linalg.lstsq(A, y.unsqueeze(1)).solution.squeeze(1)
    save("normal_equation_x", x)
    save("normal_equation_y", y)
    save("normal_equation_w", theta[:3])
    save("normal_equation_b", theta[3:])


def softmax():
    z = leaf(randn(6, 5, scale=3.0))
    dy = randn(6, 5)
    y = F.softmax(z, dim=1)
    y.backward(dy)
    save("softmax_logits", z)
    save("softmax_softmax", y)
    save("softmax_log_softmax", F.log_softmax(z, dim=1))
    save("softmax_dy", dy)
    save("softmax_dx", z.grad)


def cross_entropy():
    z = leaf(randn(8, 5, scale=2.0))
    y = torch.randint(0, 5, (8,))
    loss = F.cross_entropy(z, y)
    loss.backward()
    save("cross_entropy_logits", z)
    save("cross_entropy_labels", y)
    save("cross_entropy_loss", loss)
    save("cross_entropy_grad", z.grad)


def softmax_regression():
    x, W, b = randn(10, 4), leaf(randn(4, 3)), leaf(randn(3))
    y = torch.randint(0, 3, (10,))
    loss = F.cross_entropy(x @ W + b, y)
    loss.backward()
    save("softmax_regression_x", x)
    save("softmax_regression_W", W)
    save("softmax_regression_b", b)
    save("softmax_regression_labels", y)
    save("softmax_regression_loss", loss)
    save("softmax_regression_dW", W.grad)
    save("softmax_regression_db", b.grad)


def accuracy():
    z = randn(50, 5)
    pred = z.argmax(dim=1)
    # About 60% of the labels agree with the argmax, the rest are random classes.
    y = torch.where(torch.rand(50) < 0.6, pred, torch.randint(0, 5, (50,)))
    save("accuracy_logits", z)
    save("accuracy_labels", y)
    save("accuracy_acc", (pred == y).double().mean())


def l1():
    y = randn(12)
    y_hat = randn(12)
    y_hat[3] = y[3]  # one exact zero difference: gradient 0 there, as torch.sign(0) = 0
    y_hat = leaf(y_hat)
    loss = F.l1_loss(y_hat, y)
    loss.backward()
    save("l1_y_hat", y_hat)
    save("l1_y", y)
    save("l1_loss", loss)
    save("l1_grad", y_hat.grad)


def huber():
    y = randn(16)
    y_hat = (y + randn(16, scale=1.5)).float().double()  # differences on both sides of delta
    save("huber_y_hat", y_hat)
    save("huber_y", y)
    for delta, tag in ((1.0, "d1"), (0.5, "d05")):
        yh = leaf(y_hat)
        loss = F.huber_loss(yh, y, delta=delta)
        loss.backward()
        save(f"huber_loss_{tag}", loss)
        save(f"huber_grad_{tag}", yh.grad)


def main():
    torch.manual_seed(0)
    for make in (linreg_forward, squared_loss, linreg_backward, sgd, normal_equation, softmax,
                 cross_entropy, softmax_regression, accuracy, l1, huber):
        make()
    golden.report(OUT)


if __name__ == "__main__":
    main()
